using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The in-process work signal: <see cref="Notify"/> wakes every current waiter, or, when nobody waits, is kept
/// for the next wait. Several notifications while nobody waits count as one.
/// </summary>
internal sealed class WorkSignal : IWorkSignal
{
    private readonly Lock gate = new();
    private TaskCompletionSource? waiters;
    private bool pending;

    public void Notify()
    {
        TaskCompletionSource? release;
        lock (gate)
        {
            release = waiters;
            waiters = null;
            pending = release is null;
        }

        release?.TrySetResult();
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task waiting;
        lock (gate)
        {
            if (pending)
            {
                pending = false;
                return ValueTask.CompletedTask;
            }

            waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting = waiters.Task;
        }

        return new ValueTask(waiting.WaitAsync(cancellationToken));
    }
}
