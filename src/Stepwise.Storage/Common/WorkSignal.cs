using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// The in-process work signal: <see cref="Notify"/> wakes every current waiter, or, when nobody waits, is kept
/// for the next wait. Several notifications while nobody waits count as one.
/// </summary>
internal sealed class WorkSignal : IWorkSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource? _waiters;
    private bool _pending;

    public void Notify()
    {
        TaskCompletionSource? release;
        lock (_gate)
        {
            release = _waiters;
            _waiters = null;
            _pending = release is null;
        }

        release?.TrySetResult();
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Task waiting;
        lock (_gate)
        {
            if (_pending)
            {
                _pending = false;
                return ValueTask.CompletedTask;
            }

            _waiters ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting = _waiters.Task;
        }

        return new ValueTask(waiting.WaitAsync(cancellationToken));
    }
}
