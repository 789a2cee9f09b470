namespace Stepwise.Hosting.Runs;

/// <summary>
/// A wake-up call that is kept until someone waits: <see cref="Set"/> any number of times, and the next
/// <see cref="WaitAsync"/> returns at once, then waits again until the next <see cref="Set"/>.
/// </summary>
internal sealed class WakeUp
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set() => Volatile.Read(ref _next).TrySetResult();

    public Task WaitAsync()
    {
        var current = Volatile.Read(ref _next);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), current);
        }

        return current.Task;
    }
}
