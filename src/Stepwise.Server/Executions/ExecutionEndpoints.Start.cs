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
        EngineHost engines,
        ExecutionWorker worker,
        Audit.AuditTrail audit,
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

        var loaded = definitions.Load(current);
        if (loaded.Definition is not { } definition)
        {
            return ApiErrors.Conflict(
                $"Workflow '{name}' version {current.Version} no longer loads: " +
                string.Join("; ", loaded.Errors.Select(e => e.Message)));
        }

        var validated = ParamValidator.Validate(definition.Params, parameters.Values);
        if (!validated.IsValid)
        {
            return ApiErrors.Validation(validated.Errors);
        }

        var execution = await engines.Engine.CreateExecutionAsync(
            new ResolvedWorkflow(definition, current.Version),
            validated.Values,
            new RunOptions { OrgId = caller.OrgId, Trigger = new JsonObject { ["type"] = "api" } },
            cancellationToken);
        worker.Enqueue(execution, new ResolvedWorkflow(definition, current.Version));
        await audit.RecordAsync(
            new Audit.AuditEntry(Audit.AuditActions.ExecutionStart, "execution", execution.Id, Detail: $"{name} v{current.Version}"),
            CancellationToken.None);
        return await AnswerAsync(execution, waitFor, worker, cancellationToken);
    }

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

        return TypedResults.Accepted(
            $"/api/v1/executions/{execution.Id}",
            new ExecutionAccepted(execution.Id, StatusText.ToText(execution.Status), execution.Workflow, execution.Version));
    }
}
