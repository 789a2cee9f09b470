using System.Threading.Tasks.Sources;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// What a run's graph loop waits on: its steps finishing. Any thread adds, one reader takes, and the reader calls
/// <see cref="TakeAsync"/> again only after the previous take completed. An unbounded channel did this before, at the
/// cost of its own objects and a queue segment of 32 slots for every run, most of which finish one or two steps; and
/// it resumed the loop through the thread pool where this resumes it on the thread of the step that finished, which
/// then starts the next step (the step's own awaits already returned it to the pool, so no lock or caller is held).
/// </summary>
internal sealed class CompletionQueue<T> : IValueTaskSource<T>
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _items = new();
    private ManualResetValueTaskSourceCore<T> _waiter;
    private bool _waiting;

    public void Add(T item)
    {
        lock (_gate)
        {
            if (!_waiting)
            {
                _items.Enqueue(item);
                return;
            }

            _waiting = false;
        }

        _waiter.SetResult(item);
    }

    public ValueTask<T> TakeAsync()
    {
        lock (_gate)
        {
            if (_items.TryDequeue(out var item))
            {
                return new ValueTask<T>(item);
            }

            _waiter.Reset();
            _waiting = true;
            return new ValueTask<T>(this, _waiter.Version);
        }
    }

    T IValueTaskSource<T>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<T>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<T>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _waiter.OnCompleted(continuation, state, token, flags);
}
