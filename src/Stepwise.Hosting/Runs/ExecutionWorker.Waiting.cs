using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

internal sealed partial class ExecutionWorker
{
    private static readonly TimeSpan PollWhileWaiting = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits until the run has finished or <paramref name="timeout"/> has passed, and returns it as it is then. A run
    /// finished here wakes the waiter at once with its final record (no read); one finished elsewhere (another node)
    /// is seen by polling the store. <paramref name="known"/> is the run as the caller holds it, unfinished: the
    /// first read is skipped.
    /// </summary>
    public async Task<ExecutionRecord?> WaitForFinishAsync(
        string id, TimeSpan timeout, CancellationToken cancellationToken, ExecutionRecord? known = null)
    {
        var deadline = time.GetUtcNow() + timeout;
        var signal = new TaskCompletionSource<ExecutionRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = _waiters.GetOrAdd(id, _ => []);
        lock (list)
        {
            list.Add(signal);
        }

        try
        {
            var execution = known ?? await store.Storage.Executions.GetExecutionAsync(id, cancellationToken);
            while (true)
            {
                if (signal.Task.IsCompletedSuccessfully)
                {
                    return await signal.Task;
                }

                var remaining = deadline - time.GetUtcNow();
                if (execution is null || execution.IsFinished || remaining <= TimeSpan.Zero)
                {
                    return execution;
                }

                using var pauseCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var pause = Task.Delay(remaining < PollWhileWaiting ? remaining : PollWhileWaiting, time, pauseCancel.Token);
                if (await Task.WhenAny(signal.Task, pause) == signal.Task)
                {
                    await pauseCancel.CancelAsync();
                    return await signal.Task;
                }

                cancellationToken.ThrowIfCancellationRequested();
                execution = await store.Storage.Executions.GetExecutionAsync(id, cancellationToken);
            }
        }
        finally
        {
            lock (list)
            {
                list.Remove(signal);
                if (list.Count == 0)
                {
                    _waiters.TryRemove(new KeyValuePair<string, List<TaskCompletionSource<ExecutionRecord>>>(id, list));
                }
            }
        }
    }

    private void Signal(ExecutionRecord execution)
    {
        if (!_waiters.TryGetValue(execution.Id, out var list))
        {
            return;
        }

        lock (list)
        {
            foreach (var waiter in list)
            {
                waiter.TrySetResult(execution);
            }
        }
    }
}
