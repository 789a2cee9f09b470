using Stepwise.Storage.Common;

namespace Stepwise.Storage.Tests.Hosting;

public sealed class WorkSignalTests
{
    [Fact]
    public async Task WaitAsync_NotifiedWhileNobodyWaits_ReturnsAtOnceOnlyOnce()
    {
        var signal = new WorkSignal();

        signal.Notify();
        signal.Notify();
        var first = signal.WaitAsync();
        var second = signal.WaitAsync().AsTask();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.False(second.IsCompleted);
        signal.Notify();
        await second;
    }

    [Fact]
    public async Task Notify_SeveralWaiters_WakesThemAll()
    {
        var signal = new WorkSignal();
        var waiters = Enumerable.Range(0, 5).Select(_ => signal.WaitAsync().AsTask()).ToList();

        signal.Notify();
        await Task.WhenAll(waiters);

        Assert.False(signal.WaitAsync().IsCompleted);
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsAndLeavesOtherWaitersWaiting()
    {
        var signal = new WorkSignal();
        using var cancel = new CancellationTokenSource();
        var cancelled = signal.WaitAsync(cancel.Token).AsTask();
        var other = signal.WaitAsync().AsTask();

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.False(other.IsCompleted);
        signal.Notify();
        await other;
    }
}
