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
        AuditTrail audit,
        TimeProvider time,
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

        var resolved = new ResolvedWorkflow(definition, current.Version);
        var run = new RunOptions { OrgId = caller.OrgId, Trigger = new JsonObject { ["type"] = "api" } };
        if (worker.TryReserveSlot())
        {
            return await RunNowAsync(resolved, validated.Values, run, waitFor, engines, worker, audit, time, cancellationToken);
        }

        var execution = await engines.Engine.CreateExecutionAsync(resolved, validated.Values, run, cancellationToken);
        worker.Enqueue(execution, resolved);
        await AuditStartAsync(audit, execution.Id, name, current.Version);
        return await AnswerAsync(execution, waitFor, worker, cancellationToken);
    }

    /// <summary>
    /// A free worker slot: the run is created already claimed by this process and started on that slot at once, as
    /// a sync webhook's is, so it costs no separate claim commit and no trip through the queue.
    /// </summary>
    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> RunNowAsync(
        ResolvedWorkflow workflow,
        JsonObject parameters,
        RunOptions run,
        TimeSpan? wait,
        EngineHost engines,
        ExecutionWorker worker,
        AuditTrail audit,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        ExecutionRecord execution;
        try
        {
            execution = await engines.Engine.CreateExecutionAsync(workflow, parameters, run with { RunHere = true }, cancellationToken);
        }
        catch
        {
            worker.ReleaseReservedSlot();
            throw;
        }

        var running = worker.RunOnReservedSlotAsync(execution, workflow);
        await AuditStartAsync(audit, execution.Id, workflow.Definition.Name, workflow.Version);
        if (wait is { } timeout)
        {
            try
            {
                execution = await running.WaitAsync(timeout, time, cancellationToken) ?? execution;
            }
            catch (TimeoutException)
            {
                // Still running when the wait ended: answered 202 below, like a run that waited in the queue.
            }

            if (execution.IsFinished)
            {
                return TypedResults.Ok(ExecutionViews.Summary(execution));
            }
        }

        return AcceptedAt(execution);
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

        return AcceptedAt(execution);
    }

    private static Accepted<ExecutionAccepted> AcceptedAt(ExecutionRecord execution) =>
        TypedResults.Accepted(
            $"/api/v1/executions/{execution.Id}",
            new ExecutionAccepted(execution.Id, StatusText.ToText(execution.Status), execution.Workflow, execution.Version));

    private static Task AuditStartAsync(AuditTrail audit, string executionId, string workflow, int version) =>
        audit.RecordAsync(
            new AuditEntry(AuditActions.ExecutionStart, "execution", executionId, Detail: $"{workflow} v{version}"),
            CancellationToken.None);
}
