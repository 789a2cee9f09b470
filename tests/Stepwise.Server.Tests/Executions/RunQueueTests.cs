using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Executions;

namespace Stepwise.Server.Tests.Executions;

public sealed class RunQueueTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task DequeueAsync_MixedPriorities_HighestFirstThenOldestThenQueueOrder()
    {
        using var queue = new RunQueue();
        queue.Enqueue(Run("low-old", 1, T0));
        queue.Enqueue(Run("mid-new", 5, T0.AddSeconds(2)));
        queue.Enqueue(Run("high", 9, T0.AddSeconds(3)));
        queue.Enqueue(Run("mid-old", 5, T0.AddSeconds(1)));
        queue.Enqueue(Run("mid-new-twin", 5, T0.AddSeconds(2)));

        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            order.Add((await queue.DequeueAsync(CancellationToken.None)).Execution.Id);
        }

        Assert.Equal(["high", "mid-old", "mid-new", "mid-new-twin", "low-old"], order);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task DequeueAsync_Empty_WaitsForTheNextRun()
    {
        using var queue = new RunQueue();
        var waiting = queue.DequeueAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        queue.Enqueue(Run("late", 5, T0));

        Assert.Equal("late", (await waiting.WaitAsync(TimeSpan.FromSeconds(10))).Execution.Id);
    }

    [Fact]
    public async Task DequeueAsync_Cancelled_Throws()
    {
        using var queue = new RunQueue();
        using var cancel = new CancellationTokenSource();
        var waiting = queue.DequeueAsync(cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }

    private static QueuedRun Run(string id, int priority, DateTimeOffset createdAt) => new(new ExecutionRecord(
        id, "default", "w", 1, ExecutionStatus.Pending, priority, new JsonObject(), null, null, null, null, createdAt, null, null));
}
