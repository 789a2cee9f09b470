using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// The one way a run starts, for the API, webhooks, schedules, file watches, records and the dashboard: the params
/// are checked once (<see cref="ParamValidator"/>), the run is recorded pinned to the version in the request, and
/// it runs here at once when a worker slot is free (created already claimed: one write, no trip through the queue)
/// or waits in the worker's queue by priority. The start is audited. A caller that waits gets the run's final
/// state only once it is durable: the engine answers after the commit that wrote it.
/// </summary>
internal sealed class RunStarter(EngineHost engines, ExecutionWorker worker, StoreHost store, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Starts the run; when the request waits, answers with the run as it ended (or as it is when the wait ends).
    /// </summary>
    public async Task<RunStart> StartAsync(RunRequest request, CancellationToken cancellationToken = default)
    {
        var started = await BeginAsync(request, writeWhenFinished: request is { WriteWhenFinished: true, Wait: not null }, cancellationToken);
        return started.Finishing is { } finishing ? RunStart.Of(await finishing ?? started.Execution!) : started;
    }

    /// <summary>
    /// Starts the run and answers as soon as it is durable. When the request waits, <see cref="RunStart.Finishing"/>
    /// completes with the run once it has finished, or with null when the wait ends first: for callers that answer
    /// now and act on the outcome later (records settle from it).
    /// </summary>
    public Task<RunStart> BeginAsync(RunRequest request, CancellationToken cancellationToken = default) =>
        BeginAsync(request, writeWhenFinished: false, cancellationToken);

    private async Task<RunStart> BeginAsync(RunRequest request, bool writeWhenFinished, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workflow = request.Workflow;
        var validated = ParamValidator.Validate(workflow.Definition.Params, request.Params, request.UndeclaredParamsIgnored);
        if (validated.IsValid)
        {
            // Params that name a data provider must hold one of the values it offers now (code-first workflows).
            var offered = await ProviderParamCheck.CheckAsync(
                workflow.Definition.Params, validated.Values, request.OrgId, engines.Engine.Services, cancellationToken);
            if (offered.Count > 0)
            {
                validated = validated with { Errors = offered };
            }
        }

        if (!validated.IsValid && !request.RecordInvalidParams)
        {
            return RunStart.Rejected(validated.Errors);
        }

        if (validated.IsValid && worker.TryReserveSlot())
        {
            return await BeginHereAsync(request, validated, writeWhenFinished, cancellationToken);
        }

        var options = new RunOptions { OrgId = request.OrgId, Trigger = request.Trigger, ExecutionId = request.ExecutionId };

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
        return RunStart.Of(execution) with { Finishing = finishing };
    }

    private async Task<RunStart> BeginHereAsync(
        RunRequest request, ParamValidationResult validated, bool writeWhenFinished, CancellationToken cancellationToken)
    {
        // Made once with all it needs, not copied for each option (a run's options are a dozen fields).
        var options = new RunOptions
        {
            OrgId = request.OrgId,
            Trigger = request.Trigger,
            ExecutionId = request.ExecutionId,
            RunHere = true,
            WriteWhenFinished = writeWhenFinished,
        };

        // A run written whole carries its start's audit entry into its one transaction: one commit, not two in a row.
        var writtenWhole = engines.Engine.WritesWhole(request.Workflow, validated, options);
        if (writtenWhole)
        {
            var executionId = options.ExecutionId ?? SortableIds.Next(time.GetUtcNow());
            options = options with
            {
                ExecutionId = executionId,
                StartAudit = audit.Describe(StartEntry(request, executionId, request.Workflow.Definition.Name, request.Workflow.Version)),
            };
        }

        ExecutionRecord execution;
        try
        {
            execution = await engines.Engine.CreateCheckedExecutionAsync(request.Workflow, validated, options, cancellationToken);
        }
        catch
        {
            worker.ReleaseReservedSlot();
            throw;
        }

        var running = worker.RunOnReservedSlotAsync(execution, request.Workflow, inline: writtenWhole);
        if (!writtenWhole)
        {
            await AuditAsync(request, execution);
        }

        return request.Wait is { } wait
            ? new RunStart(execution, []) { Finishing = WaitHereAsync(execution.Id, running, wait, options.WriteWhenFinished, cancellationToken) }
            : RunStart.Of(execution);
    }

    private async Task<ExecutionRecord?> WaitHereAsync(
        string executionId, Task<ExecutionRecord?> running, TimeSpan wait, bool writeWhenFinished, CancellationToken cancellationToken)
    {
        ExecutionRecord? ended;
        try
        {
            ended = await running.WaitAsync(wait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            // Still running when the wait ended: the caller gets it unfinished, as from the queue.
            ended = null;
        }

        if (ended is not null || !writeWhenFinished)
        {
            return ended;
        }

        // A run written only when it ends is handed out unfinished only once it is stored, so a crash cannot lose a run
        // whose id was answered. One still held in memory (a long in-memory step) is written as it stands at its next
        // step or when it ends; its steps only compute, bounded by the expression budget, so waiting for it is short.
        if (await store.Storage.Executions.GetExecutionAsync(executionId, CancellationToken.None) is not null)
        {
            return null;
        }

        ended = await running;
        return ended ?? (await store.Storage.Executions.GetExecutionAsync(executionId, CancellationToken.None) is not null
            ? null
            : throw new RunNotRecordedException());
    }

    /// <summary>Audited once the run is durable; never cancelled with the request, so a recorded run is audited.</summary>
    private Task AuditAsync(RunRequest request, ExecutionRecord execution) =>
        audit.RecordAsync(StartEntry(request, execution.Id, execution.Workflow, execution.Version), CancellationToken.None);

    private static AuditEntry StartEntry(RunRequest request, string executionId, string workflow, int version) =>
        new(
            AuditActions.ExecutionStart, "execution", executionId,
            // One string, where three were joined per run.
            Detail: $"{workflow} v{version}{(request.AuditNote is null ? string.Empty : " ")}{request.AuditNote}{(request.ActorType is null ? string.Empty : " (")}{request.ActorType}{(request.ActorType is null ? string.Empty : ")")}")
        {
            OrgId = request.OrgId,
            ActorType = request.ActorType,
            ActorId = request.ActorId,
        };
}
