using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Workflows;

namespace Stepwise.Server.Executions;

internal static partial class ExecutionEndpoints
{
    private static readonly TimeSpan CancelSettleTime = TimeSpan.FromSeconds(10);

    /// <summary>
    /// A run executing here is told to stop at its next step boundary. A run nobody executes yet (queued) is claimed
    /// under a separate owner, so no worker can start it meanwhile, and marked cancelled.
    /// </summary>
    private static async Task<Results<Ok<ExecutionSummary>, Accepted<ExecutionAccepted>, ErrorResult>> CancelAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        IExecutionJournal journal,
        EngineHost engines,
        ExecutionWorker worker,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        id = execution.Id;

        if (execution.IsFinished)
        {
            return Finished(execution, "cancelled");
        }

        if (!engines.Engine.RequestCancel(id))
        {
            var owner = engines.OwnerId + ":cancel";
            if (await store.TryClaimAsync(id, owner, time.GetUtcNow() + TimeSpan.FromMinutes(1), cancellationToken))
            {
                try
                {
                    execution = await store.GetExecutionAsync(id, cancellationToken) ?? execution;
                    if (!execution.IsFinished)
                    {
                        await journal.AppendAsync(
                            new ExecutionStatusWritten(
                                id, ExecutionStatus.Cancelled, null, ExecutionRunner.CancelledMessage, time.GetUtcNow()),
                            cancellationToken);
                    }
                }
                finally
                {
                    await store.ReleaseAsync(id, owner, CancellationToken.None);
                }
            }
            else if (!engines.Engine.RequestCancel(id))
            {
                return ApiErrors.Conflict(
                    $"Execution '{id}' is running on another server node; cancel it again in a moment or on that node");
            }
        }

        execution = await worker.WaitForFinishAsync(id, CancelSettleTime, cancellationToken) ?? execution;
        return execution.IsFinished
            ? TypedResults.Ok(ExecutionViews.Summary(execution))
            : TypedResults.Accepted(
                $"/api/v1/executions/{id}",
                new ExecutionAccepted(id, ExecutionViews.Name(execution.Status), execution.Workflow, execution.Version));
    }

    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> RetryAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        IExecutionJournal journal,
        IExecutionControl control,
        IWorkflowStore workflows,
        DefinitionCache definitions,
        ExecutionWorker worker,
        TimeProvider time,
        [FromQuery] string? from,
        [FromQuery] string? wait,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        id = execution.Id;

        if (QueryValues.Wait(wait, out var waitFor) is { } badWait)
        {
            return badWait;
        }

        if (from is not null && !Names.IsWorkflowName(from))
        {
            return QueryValues.Bad("from", from, "a node id of the run's workflow");
        }

        if (!execution.IsFinished)
        {
            return ApiErrors.Conflict(
                $"Execution '{id}' is {ExecutionViews.Name(execution.Status)}; only a finished run can be retried");
        }

        var version = await workflows.GetVersionAsync(execution.OrgId, execution.Workflow, execution.Version, cancellationToken);
        if (version is null || definitions.Load(version).Definition is not { } definition)
        {
            return ApiErrors.Conflict(
                $"Version {execution.Version} of workflow '{execution.Workflow}' cannot be loaded, so execution '{id}' cannot be retried");
        }

        var steps = await store.GetStepsAsync(id, cancellationToken);
        var now = time.GetUtcNow();
        var markers = RetryPlan.Markers(definition, steps, from, now, out var problem);
        if (markers is null)
        {
            return from is null ? ApiErrors.Conflict(problem!) : ApiErrors.Validation(problem!);
        }

        foreach (var marker in markers)
        {
            await journal.AppendAsync(new StepWritten(marker), cancellationToken);
        }

        if (!await control.ReopenAsync(id, ExecutionStatus.Pending, now, cancellationToken))
        {
            return ApiErrors.Conflict($"Execution '{id}' is already being retried or compensated");
        }

        worker.Enqueue(id);
        var reopened = execution with { Status = ExecutionStatus.Pending, FinishedAt = null, Output = null, Error = null };
        return await AnswerAsync(reopened, waitFor, worker, cancellationToken);
    }

    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> CompensateAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        IExecutionControl control,
        IWorkflowStore workflows,
        DefinitionCache definitions,
        ExecutionWorker worker,
        TimeProvider time,
        [FromQuery] string? wait,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        id = execution.Id;

        if (QueryValues.Wait(wait, out var waitFor) is { } badWait)
        {
            return badWait;
        }

        if (execution.Status is not (ExecutionStatus.Failed or ExecutionStatus.Cancelled or ExecutionStatus.TimedOut))
        {
            return ApiErrors.Conflict(
                $"Execution '{id}' is {ExecutionViews.Name(execution.Status)}; only a failed, cancelled or timed-out run can be compensated");
        }

        var version = await workflows.GetVersionAsync(execution.OrgId, execution.Workflow, execution.Version, cancellationToken);
        var definition = version is null ? null : definitions.Load(version).Definition;
        var steps = await store.GetStepsAsync(id, cancellationToken);
        if (definition is null || !HasSomethingToCompensate(definition.Nodes, steps))
        {
            return ApiErrors.Conflict(
                $"Nothing to compensate: no completed step of execution '{id}' has a compensate action left to run");
        }

        if (!await control.ReopenAsync(id, ExecutionStatus.Compensating, time.GetUtcNow(), cancellationToken))
        {
            return ApiErrors.Conflict($"Execution '{id}' is already being retried or compensated");
        }

        worker.Enqueue(id);
        var reopened = execution with { Status = ExecutionStatus.Compensating, FinishedAt = null };
        return await AnswerAsync(reopened, waitFor, worker, cancellationToken);
    }

    private static bool HasSomethingToCompensate(
        IReadOnlyList<Core.Definitions.NodeDefinition> nodes, IReadOnlyList<StepRecord> steps)
    {
        var latest = new Dictionary<string, StepRecord>(StringComparer.Ordinal);
        foreach (var step in steps)
        {
            if (!latest.TryGetValue(step.StepId, out var seen) || step.Attempt >= seen.Attempt)
            {
                latest[step.StepId] = step;
            }
        }

        return nodes.Any(node => node.Compensate is not null
            && latest.TryGetValue(node.Id, out var done) && done.Status == StepStatus.Succeeded
            && !(latest.TryGetValue($"{node.Id}#compensate", out var undone) && undone.Status == StepStatus.Succeeded));
    }

    private static ErrorResult Finished(ExecutionRecord execution, string verb) =>
        ApiErrors.Conflict(
            $"Execution '{execution.Id}' has already finished ({ExecutionViews.Name(execution.Status)}) and cannot be {verb}");
}
