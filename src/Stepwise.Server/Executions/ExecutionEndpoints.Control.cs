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
    /// under a separate owner, so no worker can start it meanwhile, and marked cancelled. A run another node executes
    /// gets a durable cancel request that node acts on at its next poll (<see cref="Stepwise.Storage.CancelRequests"/>).
    /// </summary>
    internal static async Task<Results<Ok<ExecutionSummary>, Accepted<ExecutionAccepted>, ErrorResult>> CancelAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        IExecutionJournal journal,
        EngineHost engines,
        ExecutionWorker worker,
        TimeProvider time,
        AuditTrail audit,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        id = execution.Id;
        await audit.RecordAsync(
            new AuditEntry(
                AuditActions.ExecutionCancel, "execution", id,
                execution.IsFinished ? AuditOutcomes.Failure : AuditOutcomes.Success,
                execution.IsFinished ? "already finished" : null),
            CancellationToken.None);

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
                // Another node executes it: a durable request it finds within its recovery poll, or the node that
                // takes the run over if that one dies first.
                await journal.AppendAsync(Stepwise.Storage.CancelRequests.Line(id, time.GetUtcNow()), cancellationToken);
            }
        }

        execution = await worker.WaitForFinishAsync(id, CancelSettleTime, cancellationToken) ?? execution;
        return execution.IsFinished
            ? TypedResults.Ok(ExecutionViews.Summary(execution))
            : TypedResults.Accepted(
                $"/api/v1/executions/{id}",
                new ExecutionAccepted(id, StatusText.ToText(execution.Status), execution.Workflow, execution.Version));
    }

    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> RetryAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        EngineHost engines,
        ExecutionWorker worker,
        AuditTrail audit,
        [FromQuery] string? from,
        [FromQuery] string? wait,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        if (QueryValues.Wait(wait, out var waitFor) is { } badWait)
        {
            return badWait;
        }

        if (from is not null && !Names.IsWorkflowName(from))
        {
            return QueryValues.Bad("from", from, "a node id of the run's workflow");
        }

        var result = await engines.Engine.RetryAsync(execution.Id, from, wait: false, cancellationToken);
        await RecordControlAsync(audit, AuditActions.ExecutionRetry, execution.Id, result);
        return await AnswerControlAsync(result, waitFor, worker, cancellationToken);
    }

    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> CompensateAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        EngineHost engines,
        ExecutionWorker worker,
        AuditTrail audit,
        [FromQuery] string? wait,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        if (QueryValues.Wait(wait, out var waitFor) is { } badWait)
        {
            return badWait;
        }

        var result = await engines.Engine.CompensateAsync(execution.Id, wait: false, cancellationToken);
        await RecordControlAsync(audit, AuditActions.ExecutionCompensate, execution.Id, result);
        return await AnswerControlAsync(result, waitFor, worker, cancellationToken);
    }

    /// <summary>
    /// An accepted retry or compensation runs in the engine's background; the worker joins it, so ?wait, graceful
    /// shutdown and crash recovery treat it like any other run.
    /// </summary>
    private static async Task<Results<Accepted<ExecutionAccepted>, Ok<ExecutionSummary>, ErrorResult>> AnswerControlAsync(
        RunControlResult result, TimeSpan? wait, ExecutionWorker worker, CancellationToken cancellationToken)
    {
        if (!result.IsAccepted)
        {
            var message = result.Error ?? "The request was refused";
            return result.Status switch
            {
                RunControlStatus.ExecutionNotFound or RunControlStatus.WorkflowNotFound => ApiErrors.NotFound(message),
                RunControlStatus.NodeNotFound => ApiErrors.Validation(message),
                _ => ApiErrors.Conflict(message),
            };
        }

        var execution = result.Execution!;
        worker.Enqueue(execution);
        return await AnswerAsync(execution, wait, worker, cancellationToken);
    }

    private static Task RecordControlAsync(AuditTrail audit, string action, string id, RunControlResult result) =>
        audit.RecordAsync(
            new AuditEntry(
                action, "execution", id, result.IsAccepted ? AuditOutcomes.Success : AuditOutcomes.Failure,
                result.IsAccepted ? null : result.Error),
            CancellationToken.None);

    private static ErrorResult Finished(ExecutionRecord execution, string verb) =>
        ApiErrors.Conflict(
            $"Execution '{execution.Id}' has already finished ({StatusText.ToText(execution.Status)}) and cannot be {verb}");
}
