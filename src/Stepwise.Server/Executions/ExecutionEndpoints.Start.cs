using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;
using Stepwise.Server.Workflows;

namespace Stepwise.Server.Executions;

internal static partial class ExecutionEndpoints
{
    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> StartAsync(
        string name,
        RunParameters parameters,
        Caller caller,
        IWorkflowDirectory directory,
        DefinitionCache definitions,
        RunStarter starter,
        [FromQuery] string? wait,
        CancellationToken cancellationToken)
    {
        if (!Names.IsWorkflowName(name))
        {
            return WorkflowEndpoints.InvalidName(name);
        }

        if (QueryValues.Wait(wait, out var waitFor) is { } badWait)
        {
            return badWait;
        }

        var current = await directory.GetCurrentAsync(caller.OrgId, name, cancellationToken);
        if (current is null)
        {
            return WorkflowEndpoints.NotFound(name);
        }

        var loaded = await definitions.LoadAsync(current, cancellationToken);
        if (loaded.Definition is not { } definition)
        {
            return ApiErrors.Conflict(
                $"Workflow '{name}' version {current.Version} no longer loads: " +
                string.Join("; ", loaded.Errors.Select(e => e.Message)));
        }

        var request = new RunRequest(caller.OrgId, new ResolvedWorkflow(definition, current.Version), parameters.Values, ApiTrigger())
        {
            Wait = waitFor,
        };
        var started = await starter.StartAsync(request, cancellationToken);
        if (started.Execution is not { } execution)
        {
            return ApiErrors.Validation(started.Errors);
        }

        return execution.IsFinished && waitFor is not null
            ? TypedResults.Ok(ExecutionViews.Summary(execution))
            : AcceptedAt(execution);
    }

    private static JsonObject ApiTrigger() => new() { ["type"] = "api" };

    /// <summary>202 with where the run is; with ?wait, 200 with its outcome once finished (202 if it is not yet).</summary>
    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> AnswerAsync(
        ExecutionRecord execution, TimeSpan? wait, ExecutionWorker worker, CancellationToken cancellationToken)
    {
        if (wait is { } timeout)
        {
            execution = await worker.WaitForFinishAsync(execution.Id, timeout, cancellationToken) ?? execution;
            if (execution.IsFinished)
            {
                return TypedResults.Ok(ExecutionViews.Summary(execution));
            }
        }

        return AcceptedAt(execution);
    }

    private static Accepted<ExecutionAccepted> AcceptedAt(ExecutionRecord execution) =>
        TypedResults.Accepted(
            $"/api/v1/executions/{execution.Id}",
            new ExecutionAccepted(execution.Id, StatusText.ToText(execution.Status), execution.Workflow, execution.Version));
}
