using System.Collections.Concurrent;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// Runs executions in this process: those the API just created (queued directly) and those it claims in batches
/// (<see cref="IExecutionStore.ClaimResumableAsync"/>) when the store signals new work (on PostgreSQL, a NOTIFY from
/// any node) or every poll interval: new runs, and runs left unfinished whose lease expired, such as the runs of a
/// process that died (crash recovery). At most
/// <see cref="ServerOptions.MaxConcurrentRuns"/> run at once; the engine claims each with a lease it renews. When
/// every slot is busy, queued runs wait in <see cref="RunQueue"/> order: highest priority first, then oldest.
/// On shutdown it stops taking work, lets running steps finish within the grace period, then interrupts the rest,
/// which release their leases and resume at the next start.
/// </summary>
internal sealed partial class ExecutionWorker(
    EngineHost engines,
    StoreHost store,
    ServerOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ExecutionWorker> logger) : BackgroundService
{
    private readonly RunQueue _queue = new();
    private readonly ConcurrentDictionary<string, byte> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> _running = new();
    private readonly ConcurrentDictionary<string, List<TaskCompletionSource<ExecutionRecord>>> _waiters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentRuns, options.MaxConcurrentRuns);
    private readonly CancellationTokenSource _interrupt = new();
    private readonly WakeUp _slotFreed = new();

    /// <summary>Queues a run to execute here; a run already queued or running is not queued twice.</summary>
    public void Enqueue(ExecutionRecord execution) => Enqueue(new QueuedRun(execution));

    private void Enqueue(QueuedRun run)
    {
        if (_inFlight.TryAdd(run.Execution.Id, 0))
        {
            _queue.Enqueue(run);
        }
    }

    /// <summary>
    /// Queues a run created a moment ago by this process, with its definition: the engine runs it without reading it
    /// or its workflow version back from the store.
    /// </summary>
    public void Enqueue(ExecutionRecord execution, ResolvedWorkflow workflow) => Enqueue(new QueuedRun(execution, workflow));

    /// <summary>
    /// Takes a free slot for a run the caller is about to create and run at once, past the queue (a sync webhook
    /// answered as soon as the run ends); false when every slot is busy or the server is stopping, and the caller
    /// queues the run instead. Hand the slot to <see cref="RunOnReservedSlotAsync"/> or give it back with
    /// <see cref="ReleaseReservedSlot"/>.
    /// </summary>
    public bool TryReserveSlot() => !lifetime.ApplicationStopping.IsCancellationRequested && _slots.Wait(0);

    public void ReleaseReservedSlot() => _slots.Release();

    /// <summary>
    /// Runs a run created a moment ago on a slot taken with <see cref="TryReserveSlot"/>, tracked like any other run
    /// (shutdown waits for it); returns it as it ended, or null when it was interrupted or crashed. With
    /// <paramref name="inline"/> the run starts on the caller's thread and goes on there until it first waits (for a
    /// sync webhook's run of in-memory steps: its one commit), saving a hop through the thread pool; for a caller that
    /// waits for the run anyway.
    /// </summary>
    public Task<ExecutionRecord?> RunOnReservedSlotAsync(ExecutionRecord execution, ResolvedWorkflow workflow, bool inline = false)
    {
        _inFlight.TryAdd(execution.Id, 0);
        return TrackAsync(RunOneAsync(new QueuedRun(execution, workflow), inline));
    }

    public int RunningCount => _running.Count;

    /// <summary>How many runs wait for a free slot.</summary>
    public int QueuedCount => _queue.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        var poll = ClaimLoopAsync(stoppingToken);
        try
        {
            while (true)
            {
                // A queued run first, then a slot, then the best run queued at that moment: a run queued while every
                // slot was busy overtakes older runs of lower priority. Waiting for a run while holding a slot would
                // hide that slot from the claim loop: with one slot, no run left by a dead process was ever claimed.
                await _queue.WaitForRunAsync(stoppingToken);
                await _slots.WaitAsync(stoppingToken);
                _ = TrackAsync(RunOneAsync(_queue.TakeWaited()));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: queued runs stay pending in the store and resume at the next start.
        }

        await poll;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var active = _running.Keys.ToArray();
        if (active.Length > 0)
        {
            // No new step starts from now on: runs finish the steps they are in, then stop, resumable.
            engines.Engine.Drain();
            Log.ShuttingDown(logger, options.ShutdownGrace, active.Length);
            var all = Task.WhenAll(active);
            try
            {
                await all.WaitAsync(options.ShutdownGrace, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                Log.GraceElapsed(logger, options.ShutdownGrace, _running.Count);
                await _interrupt.CancelAsync();

                // Retries and compensations run in the engine's background; disposing it interrupts them too.
                var stopping = engines.DisposeAsync().AsTask();
                await Task.WhenAll(all, stopping).WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None)
                    .ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }

        await engines.DisposeAsync();
    }

    public override void Dispose()
    {
        _interrupt.Dispose();
        _slots.Dispose();
        _queue.Dispose();
        base.Dispose();
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    private Task<ExecutionRecord?> TrackAsync(Task<ExecutionRecord?> task)
    {
        _running.TryAdd(task, 0);
        _ = task.ContinueWith(
            done => _running.TryRemove(done, out _),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        return task;
    }

    /// <summary>Runs one run on a slot it frees when done; its record as it ended, or null if interrupted or crashed.</summary>
    private async Task<ExecutionRecord?> RunOneAsync(QueuedRun run, bool inline = false)
    {
        if (!inline)
        {
            await Task.Yield();
        }

        var id = run.Execution.Id;
        ExecutionRecord? execution = null;
        try
        {
            if (run.Workflow is { } workflow)
            {
                execution = await engines.Engine.RunCreatedAsync(run.Execution, workflow, _interrupt.Token);
            }
            else if (run.ClaimedAt is { } claimedAt)
            {
                // Claimed by this worker a moment ago: the engine runs the record the claim returned.
                execution = await engines.Engine.RunClaimedRecordAsync(run.Execution, claimedAt, _interrupt.Token);
            }
            else
            {
                execution = await store.Storage.Executions.GetExecutionAsync(id, _interrupt.Token);
                if (execution is not null && !execution.IsFinished)
                {
                    execution = await engines.Engine.RunExecutionAsync(id, _interrupt.Token);
                }
            }

            if (execution?.IsFinished == true)
            {
                Signal(execution);
            }
        }
        catch (OperationCanceledException stopped) when (_interrupt.IsCancellationRequested || stopped is RunDrainedException)
        {
            // Interrupted by shutdown: the engine left the run resumable and released its lease.
            execution = null;
        }
        catch (StorageException exception) when (!_interrupt.IsCancellationRequested)
        {
            // The database went away under the run (a restart) or cannot keep writes: this node still holds its
            // lease, so nobody else takes the run until it expires; run it again here once the store answers.
            if (!IsStoreAway(exception))
            {
                Log.RunCrashed(logger, id, exception);
            }

            RequeueLater(run.Execution, run.Attempt + 1, exception);
            execution = null;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.RunCrashed(logger, id, exception);
            execution = null;
        }
        finally
        {
            _inFlight.TryRemove(id, out _);
            _slots.Release();
            _slotFreed.Set();
        }

        return execution;
    }
}
