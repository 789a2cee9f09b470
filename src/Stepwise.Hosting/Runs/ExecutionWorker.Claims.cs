using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

internal sealed partial class ExecutionWorker
{
    // One claim takes at most this many runs, so one node cannot hoard a burst that idle nodes could start.
    private const int MaxClaimBatch = 32;

    private static readonly TimeSpan FirstRetryDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestRetryDelay = TimeSpan.FromSeconds(10);

    private bool _slotsFull;
    private DateTimeOffset _cancelsCheckedAt = DateTimeOffset.MinValue;

    /// <summary>
    /// Claims runs while slots are free: at start, whenever the store signals new work (LISTEN/NOTIFY on
    /// PostgreSQL, so an idle node starts a run within milliseconds), when a slot frees, and every poll interval
    /// (the runs of a dead node become claimable when their lease expires, which nobody announces). When the
    /// database cannot be reached it backs off, up to <see cref="LongestRetryDelay"/>, and carries on.
    /// </summary>
    private async Task ClaimLoopAsync(CancellationToken stoppingToken)
    {
        await EndOwnLeasesAsync(stoppingToken);
        var retryDelay = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            var more = false;
            try
            {
                more = await ClaimOnceAsync(stoppingToken);
                await ApplyCancelRequestsAsync(stoppingToken);
                retryDelay = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is StorageException or InvalidOperationException)
            {
                retryDelay = retryDelay == TimeSpan.Zero
                    ? FirstRetryDelay
                    : TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, LongestRetryDelay.Ticks));
                if (IsStoreAway(exception))
                {
                    Log.PollDeferred(logger, exception.Message, retryDelay);
                }
                else
                {
                    Log.PollFailed(logger, retryDelay, exception);
                }
            }

            if (more)
            {
                continue;
            }

            if (!await WaitForWorkAsync(retryDelay > TimeSpan.Zero ? retryDelay : options.RecoveryPollInterval, retryDelay > TimeSpan.Zero, stoppingToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Recovery at once: the runs this node's previous process left (killed, so it renews nothing) become claimable
    /// now rather than when their leases expire. Safe only when this process alone has the node's identity; other
    /// nodes' runs still wait for their leases.
    /// </summary>
    private async Task EndOwnLeasesAsync(CancellationToken stoppingToken)
    {
        var node = engines.Node;
        if (!node.IsSoleHolder)
        {
            Log.NodeShared(logger, options.DataDirectory, node.Id);
            return;
        }

        try
        {
            var ended = await store.Storage.Executions.ExpireLeasesAsync(node.OwnerPrefix, engines.OwnerId, stoppingToken);
            if (ended > 0)
            {
                Log.OwnLeasesEnded(logger, ended, node.Id);
            }
        }
        catch (StorageException exception)
        {
            // The normal path still recovers them, when their leases expire.
            Log.PollFailed(logger, TimeSpan.Zero, exception);
        }
    }

    /// <summary>Claims up to the free slots' worth of runs and queues them; true when there may be more to claim now.</summary>
    private async Task<bool> ClaimOnceAsync(CancellationToken stoppingToken)
    {
        var free = _slots.CurrentCount - _queue.Count;
        _slotsFull = free <= 0;
        if (_slotsFull)
        {
            return false;
        }

        var limit = Math.Min(free, MaxClaimBatch);
        var claimedAt = time.GetUtcNow();
        var claimed = await store.Storage.Executions.ClaimResumableAsync(
            engines.OwnerId, claimedAt + options.LeaseDuration, limit, stoppingToken);
        var recovered = 0;
        foreach (var execution in claimed)
        {
            recovered += execution.Status == ExecutionStatus.Pending ? 0 : 1;
            Enqueue(new QueuedRun(execution, ClaimedAt: claimedAt));
        }

        if (recovered > 0)
        {
            Log.Recovering(logger, recovered);
        }

        return claimed.Count == limit;
    }

    /// <summary>
    /// Stops, at their next step boundary, the runs this node executes whose cancel another node accepted; looked
    /// for at most once per poll interval, and only while runs execute here.
    /// </summary>
    private async Task ApplyCancelRequestsAsync(CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        if (_running.IsEmpty || now - _cancelsCheckedAt < options.RecoveryPollInterval)
        {
            return;
        }

        _cancelsCheckedAt = now;
        foreach (var id in await store.Storage.CancelRequests.ListHeldAsync(engines.OwnerId, stoppingToken))
        {
            engines.Engine.RequestCancel(id);
        }
    }

    /// <summary>Waits for new work, a freed slot or the timeout; false when stopping.</summary>
    private async Task<bool> WaitForWorkAsync(TimeSpan timeout, bool backingOff, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            var pause = Task.Delay(timeout, time, waiting.Token);
            // A freed slot matters only when none was free: otherwise every finished run would cost a claim query.
            var wakes = backingOff ? [pause]
                : _slotsFull ? [pause, store.Storage.WorkSignal.WaitAsync(waiting.Token).AsTask(), _slotFreed.WaitAsync()]
                : new[] { pause, store.Storage.WorkSignal.WaitAsync(waiting.Token).AsTask() };
            await Task.WhenAny(wakes);
            return !stoppingToken.IsCancellationRequested;
        }
        finally
        {
            await waiting.CancelAsync();
        }
    }

    /// <summary>
    /// The store is unreachable, locked past its timeout or cannot keep writes (full, read-only, damaged): a state the
    /// store reports once when it changes, not a defect of the worker to log with its stack each time.
    /// </summary>
    private static bool IsStoreAway(Exception exception) => exception is StorageBusyException or StorageFaultException;

    /// <summary>Queues a run again after a pause that grows with each attempt, while the host runs.</summary>
    private void RequeueLater(ExecutionRecord execution, int attempt, StorageException cause)
    {
        var delay = TimeSpan.FromTicks(Math.Min(FirstRetryDelay.Ticks << Math.Min(attempt, 10), LongestRetryDelay.Ticks));
        Log.RunRequeued(logger, execution.Id, cause.Message, delay);
        _ = RequeueAfterAsync(execution, attempt, delay);
    }

    private async Task RequeueAfterAsync(ExecutionRecord execution, int attempt, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, time, _interrupt.Token);
            Enqueue(new QueuedRun(execution, null, attempt));
        }
        catch (OperationCanceledException)
        {
            // Stopping: the run stays resumable and its lease expires for another node (or the next start).
        }
    }
}
