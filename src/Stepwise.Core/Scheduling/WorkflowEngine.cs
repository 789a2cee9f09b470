using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Runs workflows durably against a store: starts runs, resumes them after a restart from their recorded steps,
/// runs sub-workflows with itself, and cancels runs on request. One engine per process; it is thread-safe.
/// </summary>
public sealed partial class WorkflowEngine : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _background = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly LeaseKeeper _leases;
    private volatile bool _draining;

    public WorkflowEngine(
        ActionRegistry actions,
        IExecutionStore store,
        IExecutionJournal journal,
        IWorkflowResolver resolver,
        TimeProvider? time = null,
        EngineOptions? options = null,
        IServiceProvider? services = null,
        ILoggerFactory? loggerFactory = null)
    {
        Actions = actions ?? throw new ArgumentNullException(nameof(actions));
        Store = store ?? throw new ArgumentNullException(nameof(store));
        Journal = journal ?? throw new ArgumentNullException(nameof(journal));
        Resolver = resolver ?? throw new ArgumentNullException(nameof(resolver));
        Time = time ?? TimeProvider.System;
        Options = options ?? new EngineOptions();
        Services = services ?? EmptyServices.Instance;
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Engine");
        _leases = new LeaseKeeper(Store, Time, Options, Logger);
    }

    internal ActionRegistry Actions { get; }

    internal IExecutionStore Store { get; }

    internal IExecutionJournal Journal { get; }

    internal IWorkflowResolver Resolver { get; }

    internal TimeProvider Time { get; }

    internal EngineOptions Options { get; }

    internal IServiceProvider Services { get; }

    internal ILogger Logger { get; }

    /// <summary>
    /// Starts a run of <paramref name="definition"/> pinned to <paramref name="version"/> and runs it to its final
    /// state. Declared defaults fill missing params; a missing required or unknown param ends the run failed with
    /// the message. Cancelling <paramref name="cancellationToken"/> interrupts the run (it stays resumable) and throws.
    /// </summary>
    public async Task<ExecutionRecord> RunAsync(
        WorkflowDefinition definition,
        int version,
        JsonObject? parameters,
        RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);

        // Created already claimed by this engine and run from the record in hand: no claim to commit and no read
        // back, so a durable run waits for two commits (created, finished) rather than three plus a read.
        var execution = await CreateExecutionAsync(
            new ResolvedWorkflow(definition, version),
            parameters,
            (options ?? new RunOptions()) with { RunHere = true },
            cancellationToken).ConfigureAwait(false);
        if (execution.IsFinished)
        {
            return execution;
        }

        var claimed = _claimedAtCreation.TryRemove(execution.Id, out _);
        return await RunTrackedAsync(
            execution.Id,
            () => RunClaimedAsync(
                execution.Id, definition, options?.Trigger, cancellationToken, CancellationToken.None, execution, claimed),
            CancellationToken.None).ConfigureAwait(false) ?? execution;
    }

    /// <summary>
    /// Records a new run (status pending) without running it, for hosts that queue runs for workers. Invalid params
    /// give a run that is already failed with the message.
    /// </summary>
    public async Task<ExecutionRecord> CreateExecutionAsync(
        ResolvedWorkflow workflow,
        JsonObject? parameters,
        RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        var validated = ParamValidator.Validate(workflow.Definition.Params, parameters);
        if (validated.IsValid)
        {
            var offered = await ProviderParamCheck.CheckAsync(
                workflow.Definition.Params, validated.Values, options?.OrgId ?? Options.DefaultOrgId, Services, cancellationToken).ConfigureAwait(false);
            validated = validated with { Errors = offered };
        }

        return await CreateCheckedExecutionAsync(workflow, validated, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <see cref="CreateCheckedExecutionAsync"/> with these arguments holds the run in memory and writes it
    /// whole, once (<see cref="RunOptions.WriteWhenFinished"/>): valid params, a caller that runs it here and waits, and
    /// steps that all compute in memory. Only such a run takes a <see cref="RunOptions.StartAudit"/>.
    /// </summary>
    public bool WritesWhole(ResolvedWorkflow workflow, ParamValidationResult validated, RunOptions? options)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(validated);
        return options is { RunHere: true, WriteWhenFinished: true } && validated.IsValid && IsInMemoryOnly(workflow.Definition);
    }

    /// <summary>
    /// Records a new run from params its host has already checked with <see cref="ParamValidator"/> (so they are
    /// checked once): valid ones give a pending run (claimed by this engine with <see cref="RunOptions.RunHere"/>),
    /// invalid ones a run that is already failed with the errors.
    /// </summary>
    public async Task<ExecutionRecord> CreateCheckedExecutionAsync(
        ResolvedWorkflow workflow,
        ParamValidationResult validated,
        RunOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(validated);
        var prepared = validated.Values;
        var error = validated.IsValid ? null : string.Join("; ", validated.Errors);
        var now = Time.GetUtcNow();
        var execution = new ExecutionRecord(
            options?.ExecutionId ?? SortableIds.Next(now),
            options?.OrgId ?? Options.DefaultOrgId,
            workflow.Definition.Name,
            workflow.Version,
            ExecutionStatus.Pending,
            workflow.Definition.Priority,
            prepared,
            null,
            null,
            options?.ParentExecutionId,
            options?.ParentStepId,
            now,
            null,
            null)
        {
            Trigger = options?.Trigger,
        };
        if (WritesWhole(workflow, validated, options))
        {
            // Written whole when it ends (or as it stands, should it outlast the window): see RunJournal.
            _unwrittenAtCreation[execution.Id] = new UnwrittenRun(
                execution, Options.OwnerId, now + Options.LeaseDuration, now + Options.WriteWholeWithin, options!.StartAudit);
            return execution;
        }

        if (options?.StartAudit is not null)
        {
            throw new ArgumentException(
                "A start audit entry rides only with a run written whole (WritesWhole); append it to the audit log instead.",
                nameof(options));
        }

        if (options?.RunHere == true && error is null)
        {
            await Store.CreateClaimedExecutionAsync(execution, Options.OwnerId, now + Options.LeaseDuration, cancellationToken)
                .ConfigureAwait(false);
            RememberClaimedAtCreation(execution.Id);
            return execution;
        }

        await Store.CreateExecutionAsync(execution, cancellationToken).ConfigureAwait(false);
        Telemetry.RunTraces.Remember(execution.Id);
        return error is null ? execution : await FailUnstartedAsync(execution, error).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs an existing execution by id: a pending one from the start, an interrupted one from its recorded steps
    /// (completed steps are not run again). Returns null for an unknown id, the record as it is when the run has
    /// finished or another process holds it, and joins the run when this engine is already running it.
    /// </summary>
    public Task<ExecutionRecord?> RunExecutionAsync(string executionId, CancellationToken cancellationToken = default) =>
        RunExecutionAsync(executionId, cancellationToken, CancellationToken.None);

    /// <summary>Asks a run this engine is executing to stop at the next step boundary; it ends cancelled.</summary>
    public bool RequestCancel(string executionId)
    {
        return _active.TryGetValue(executionId, out var run) && run.TryCancel();
    }

    /// <summary>
    /// A parked run lets go of this engine: from now on <see cref="RequestCancel"/> answers false for it, so a cancel
    /// takes the path for runs nobody executes. False when a cancel was requested first: the run must act on it.
    /// </summary>
    internal bool TryDetach(string executionId) =>
        !_active.TryGetValue(executionId, out var run) || run.TryDetach();

    /// <summary>
    /// Cancels a run wherever it stands: one this engine is executing stops at the next step boundary; one that is
    /// pending or was abandoned (no live lease) ends cancelled at once. False when the run is unknown, has finished,
    /// or another process is executing it.
    /// </summary>
    public async Task<bool> CancelAsync(string executionId, CancellationToken cancellationToken = default)
    {
        if (RequestCancel(executionId))
        {
            return true;
        }

        var execution = await Store.GetExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
        var leaseUntil = Time.GetUtcNow() + Options.LeaseDuration;
        if (execution is null || execution.IsFinished
            || !await Store.TryClaimAsync(executionId, Options.OwnerId, leaseUntil, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await Journal.AppendAsync(
                new ExecutionStatusWritten(
                    executionId, ExecutionStatus.Cancelled, null, ExecutionRunner.CancelledMessage, Time.GetUtcNow()),
                cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            await Store.ReleaseAsync(executionId, Options.OwnerId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The ids of the runs this engine is executing now.</summary>
    public IReadOnlyCollection<string> ActiveExecutionIds => [.. _active.Keys];

    /// <summary>
    /// Shutting down: from now on no run starts a new step. Steps in progress finish; a run with more to do then
    /// stops with <see cref="RunDrainedException"/>, resumable, so a restart runs only the steps that never began
    /// (and the ones cut at the end of the grace period).
    /// </summary>
    public void Drain() => _draining = true;

    internal bool IsDraining => _draining;

    /// <summary>Starts every run left unfinished and unclaimed (e.g. by a process that died) in the background.</summary>
    public async Task<int> ResumeAbandonedAsync(int limit = 100, CancellationToken cancellationToken = default)
    {
        var abandoned = await Store.ListResumableAsync(Time.GetUtcNow(), limit, cancellationToken).ConfigureAwait(false);
        foreach (var execution in abandoned)
        {
            RunInBackground(execution.Id);
        }

        return abandoned.Count;
    }

    /// <summary>Waits until runs started in the background (sub-workflows with wait: false, resumed runs) are done.</summary>
    public async Task WhenBackgroundIdleAsync()
    {
        while (!_background.IsEmpty)
        {
            await Task.WhenAll(_background.Keys).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _shutdown.CancelAsync().ConfigureAwait(false);
        try
        {
            await WhenBackgroundIdleAsync().ConfigureAwait(false);
        }
        finally
        {
            _leases.Dispose();
            _shutdown.Dispose();
        }
    }
}
