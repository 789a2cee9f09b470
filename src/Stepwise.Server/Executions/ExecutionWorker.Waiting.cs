using Stepwise.Core.Storage;

namespace Stepwise.Server.Executions;

internal sealed partial class ExecutionWorker
{
    private static readonly TimeSpan PollWhileWaiting = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Waits until the run has finished or <paramref name="timeout"/> has passed, and returns it as it is then. A run
    /// finished here wakes the waiter at once; one finished elsewhere (another node) is seen by polling the store.
    /// </summary>
    public async Task<ExecutionRecord?> WaitForFinishAsync(string id, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + timeout;
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var list = waiters.GetOrAdd(id, _ => []);
        lock (list)
        {
            list.Add(signal);
        }

        try
        {
            while (true)
            {
                var execution = await store.Storage.Executions.GetExecutionAsync(id, cancellationToken);
                var remaining = deadline - time.GetUtcNow();
                if (execution is null || execution.IsFinished || remaining <= TimeSpan.Zero)
                {
                    return execution;
                }

                var pause = Task.Delay(remaining < PollWhileWaiting ? remaining : PollWhileWaiting, time, cancellationToken);
                await Task.WhenAny(signal.Task, pause);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            lock (list)
            {
                list.Remove(signal);
                if (list.Count == 0)
                {
                    waiters.TryRemove(new KeyValuePair<string, List<TaskCompletionSource>>(id, list));
                }
            }
        }
    }

    private void Signal(string id)
    {
        if (!waiters.TryGetValue(id, out var list))
        {
            return;
        }

        lock (list)
        {
            foreach (var waiter in list)
            {
                waiter.TrySetResult();
            }
        }
    }
}
