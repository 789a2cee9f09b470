using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// The one way a run starts, for the API, webhooks, schedules, file watches and whatever comes next: the params
/// are checked once (<see cref="ParamValidator"/>), the run is recorded pinned to the version in the request, and
/// it runs here at once when a worker slot is free (created already claimed: one write, no trip through the queue)
/// or waits in the worker's queue by priority. The start is audited. A caller that waits gets the run's final
/// state only once it is durable: the engine answers after the commit that wrote it.
/// </summary>
internal sealed class RunStarter(EngineHost engines, ExecutionWorker worker, AuditTrail audit, TimeProvider time)
{
    public async Task<RunStart> StartAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workflow = request.Workflow;
        var validated = ParamValidator.Validate(workflow.Definition.Params, request.Params);
        if (validated.IsValid)
        {
            // Params that name a data provider must hold one of the values it offers now (code-first workflows).
            var offered = await ProviderParamCheck.CheckAsync(
                workflow.Definition.Params, validated.Values, request.OrgId, engines.Engine.Services, cancellationToken);
            validated = validated with { Errors = offered };
        }

        if (!validated.IsValid && !request.RecordInvalidParams)
        {
            return RunStart.Rejected(validated.Errors);
        }

        var options = new RunOptions { OrgId = request.OrgId, Trigger = request.Trigger };
        if (validated.IsValid && worker.TryReserveSlot())
        {
            return RunStart.Of(await RunHereAsync(request, validated, options, cancellationToken));
        }

        var execution = await engines.Engine.CreateCheckedExecutionAsync(workflow, validated, options, cancellationToken);
        await AuditAsync(request, execution);
        if (execution.IsFinished)
        {
            return RunStart.Of(execution);
        }

        if (request.Wait is not { } wait)
        {
            worker.Enqueue(execution, workflow);
            return RunStart.Of(execution);
        }

        // Every slot is busy: the run waits its turn in the queue, by priority, and the caller waits for it. The
        // waiter is in place before the run is queued, so a run that ends at once still wakes it.
        var finishing = worker.WaitForFinishAsync(execution.Id, wait, cancellationToken, known: execution);
        worker.Enqueue(execution, workflow);
        return RunStart.Of(await finishing ?? execution);
    }

    private async Task<ExecutionRecord> RunHereAsync(
        RunRequest request, ParamValidationResult validated, RunOptions options, CancellationToken cancellationToken)
    {
        ExecutionRecord execution;
        try
        {
            execution = await engines.Engine.CreateCheckedExecutionAsync(
                request.Workflow, validated, options with { RunHere = true }, cancellationToken);
        }
        catch
        {
            worker.ReleaseReservedSlot();
            throw;
        }

        var running = worker.RunOnReservedSlotAsync(execution, request.Workflow);
        await AuditAsync(request, execution);
        if (request.Wait is not { } wait)
        {
            return execution;
        }

        try
        {
            return await running.WaitAsync(wait, time, cancellationToken) ?? execution;
        }
        catch (TimeoutException)
        {
            // Still running when the wait ended: the caller gets it unfinished, as from the queue.
            return execution;
        }
    }

    /// <summary>Audited once the run is durable; never cancelled with the request, so a recorded run is audited.</summary>
    private Task AuditAsync(RunRequest request, ExecutionRecord execution) =>
        audit.RecordAsync(
            new AuditEntry(
                AuditActions.ExecutionStart, "execution", execution.Id,
                Detail: $"{execution.Workflow} v{execution.Version}" + (request.ActorType is { } actor ? $" ({actor})" : string.Empty))
            {
                OrgId = request.OrgId,
                ActorType = request.ActorType,
                ActorId = request.ActorId,
            },
            CancellationToken.None);
}
