using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Storage;

public sealed class InMemoryStoreClaimTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider time = new(Start);

    [Fact]
    public async Task ClaimResumableAsync_MixedRuns_ClaimsFreeUnfinishedByPriorityThenAgeUpToTheLimit()
    {
        var store = new InMemoryStore(time);
        await store.CreateExecutionAsync(Run("old-low", Start, 0));
        await store.CreateExecutionAsync(Run("new-high", Start.AddSeconds(2), 5));
        await store.CreateExecutionAsync(Run("old-high", Start.AddSeconds(1), 5));
        await store.CreateExecutionAsync(Run("done", Start, 9, ExecutionStatus.Succeeded));
        await store.CreateExecutionAsync(Run("held", Start, 9));
        await store.TryClaimAsync("held", "live-node", Start + Lease);

        var first = await store.ClaimResumableAsync("worker-a", Start + Lease, 2);
        var second = await store.ClaimResumableAsync("worker-b", Start + Lease, 2);
        time.Advance(Lease);
        var afterExpiry = await store.ClaimResumableAsync("worker-c", time.GetUtcNow() + Lease, 10);

        Assert.Equal(["old-high", "new-high"], first.Select(run => run.Id));
        Assert.Equal(["old-low"], second.Select(run => run.Id));
        Assert.Equal(["held", "old-high", "new-high", "old-low"], afterExpiry.Select(run => run.Id));
    }

    [Fact]
    public async Task ClaimResumableAsync_LimitBelowOne_ThrowsNamingTheLimit()
    {
        var store = new InMemoryStore(time);

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => store.ClaimResumableAsync("worker", Start + Lease, 0));

        Assert.Equal("limit", error.ParamName);
    }

    private static ExecutionRecord Run(string id, DateTimeOffset createdAt, int priority, ExecutionStatus status = ExecutionStatus.Pending) =>
        new(id, "default", "orders", 1, status, priority, new JsonObject(), null, null, null, null, createdAt, null, null);
}
