using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    [PostgresFact]
    public async Task TryClaimAsync_HeldByAnotherOwner_FailsUntilTheLeaseExpires()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease));
        Assert.False(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
        Time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        Assert.False(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
        Assert.False(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task CreateClaimedExecutionAsync_HeldByItsOwnerUntilTheLeaseExpires()
    {
        await using var storage = await OpenStoreAsync();

        await storage.Executions.CreateClaimedExecutionAsync(Records.Execution("e", Start), "node-a", Time.GetUtcNow() + Lease);

        Assert.Equal(ExecutionStatus.Pending, (await storage.Executions.GetExecutionAsync("e"))!.Status);
        Assert.Empty(await storage.Executions.ListResumableAsync(Time.GetUtcNow(), 10));
        Assert.False(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease));
        Time.Advance(Lease);
        Assert.Single(await storage.Executions.ListResumableAsync(Time.GetUtcNow(), 10));
    }

    [PostgresFact]
    public async Task AppendAsync_FinishedStatus_ReleasesTheLeaseInTheSameWrite()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease));

        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Failed, null, "boom", Time.GetUtcNow()));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Running, null, null, Time.GetUtcNow()));

        // Retried by another node at once: node-a never released it, but its final state did.
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task AppendAsync_UnfinishedStatus_KeepsTheLease()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease));

        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e", ExecutionStatus.Running, null, null, Time.GetUtcNow()));

        Assert.False(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task TryClaimAsync_OwnerClaimsAgain_Succeeds()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease));
        Assert.True(await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + (2 * Lease)));
    }

    [PostgresFact]
    public async Task TryClaimAsync_FinishedOrUnknownExecution_ReturnsFalse()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("done", Start, status: ExecutionStatus.Succeeded));
        await storage.Executions.CreateExecutionAsync(Records.Execution("stopped", Start));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("stopped", ExecutionStatus.Cancelled, null, null, Start));

        Assert.False(await storage.Executions.TryClaimAsync("done", "node-a", Time.GetUtcNow() + Lease));
        Assert.False(await storage.Executions.TryClaimAsync("stopped", "node-a", Time.GetUtcNow() + Lease));
        Assert.False(await storage.Executions.TryClaimAsync("missing", "node-a", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task TryClaimAsync_ManyOwnersAtOnce_ExactlyOneWins()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));

        var claims = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(node => storage.Executions.TryClaimAsync("e", $"node-{node}", Time.GetUtcNow() + Lease)));

        Assert.Single(claims, claimed => claimed);
    }

    [PostgresFact]
    public async Task RenewLeasesAsync_Owner_ExtendsOnlyUnfinishedRunsItStillHolds()
    {
        await using var storage = await OpenStoreAsync();
        foreach (var id in new[] { "a1", "a2", "a3", "b1" })
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution(id, Start));
        }

        await storage.Executions.TryClaimAsync("a1", "node-a", Time.GetUtcNow() + Lease);
        await storage.Executions.TryClaimAsync("a2", "node-a", Time.GetUtcNow() + Lease);
        await storage.Executions.TryClaimAsync("a3", "node-a", Time.GetUtcNow() + Lease);
        await storage.Executions.TryClaimAsync("b1", "node-b", Time.GetUtcNow() + Lease);
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("a3", ExecutionStatus.Succeeded, null, null, Start));
        Time.Advance(Lease);
        Assert.True(await storage.Executions.TryClaimAsync("a2", "node-b", Time.GetUtcNow() + Lease));

        var renewed = await storage.Executions.RenewLeasesAsync("node-a", Time.GetUtcNow() + Lease);
        Time.Advance(Lease / 2);

        Assert.Equal(["a1"], renewed);
        Assert.False(await storage.Executions.TryClaimAsync("a1", "node-b", Time.GetUtcNow() + Lease));
        Assert.Empty(await storage.Executions.RenewLeasesAsync("node-c", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task ReleaseAsync_ByOwner_FreesTheRunButNotByAnyoneElse()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        await storage.Executions.TryClaimAsync("e", "node-a", Time.GetUtcNow() + Lease);

        await storage.Executions.ReleaseAsync("e", "node-b");
        Assert.False(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
        await storage.Executions.ReleaseAsync("e", "node-a");

        Assert.True(await storage.Executions.TryClaimAsync("e", "node-b", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task ListResumableAsync_MixedRuns_ReturnsUnfinishedUnleasedByPriorityThenAge()
    {
        await using var storage = await OpenStoreAsync();
        var runs = new[]
        {
            Records.Execution("old-low", Start, priority: 0),
            Records.Execution("new-high", Start.AddSeconds(3), priority: 5),
            Records.Execution("old-high", Start.AddSeconds(1), priority: 5),
            Records.Execution("new-low", Start.AddSeconds(4), priority: 0, status: ExecutionStatus.Running),
            Records.Execution("compensating", Start.AddSeconds(5), priority: -1, status: ExecutionStatus.Compensating),
            Records.Execution("done", Start, priority: 9, status: ExecutionStatus.Succeeded),
            Records.Execution("timed-out", Start, priority: 9, status: ExecutionStatus.TimedOut),
            Records.Execution("held", Start, priority: 9, status: ExecutionStatus.Running),
            Records.Execution("expired", Start.AddSeconds(2), priority: 1, status: ExecutionStatus.Running),
        };
        foreach (var run in runs)
        {
            await storage.Executions.CreateExecutionAsync(run);
        }

        await storage.Executions.TryClaimAsync("expired", "dead-node", Time.GetUtcNow() + Lease);
        Time.Advance(Lease);
        await storage.Executions.TryClaimAsync("held", "live-node", Time.GetUtcNow() + Lease);

        var resumable = await storage.Executions.ListResumableAsync(Time.GetUtcNow(), 100);
        var firstTwo = await storage.Executions.ListResumableAsync(Time.GetUtcNow(), 2);
        var later = await storage.Executions.ListResumableAsync(Time.GetUtcNow() + Lease, 100);

        Assert.Equal(["old-high", "new-high", "expired", "old-low", "new-low", "compensating"], resumable.Select(run => run.Id));
        Assert.Equal(["old-high", "new-high"], firstTwo.Select(run => run.Id));
        Assert.Equal("held", later[0].Id);
    }

    [PostgresFact]
    public async Task ListResumableAsync_LimitBelowOne_ThrowsNamingTheLimit()
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => storage.Executions.ListResumableAsync(Time.GetUtcNow(), 0));

        Assert.Equal("limit", error.ParamName);
    }
}
