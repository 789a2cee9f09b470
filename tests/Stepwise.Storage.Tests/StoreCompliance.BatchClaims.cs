using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task ClaimResumableAsync_MixedRuns_ClaimsUnleasedUnfinishedByPriorityThenAgeUpToTheLimit()
    {
        await using var storage = await OpenStoreAsync();
        var runs = new[]
        {
            Records.Execution("old-low", Start, priority: 0),
            Records.Execution("new-high", Start.AddSeconds(3), priority: 5),
            Records.Execution("old-high", Start.AddSeconds(1), priority: 5),
            Records.Execution("new-low", Start.AddSeconds(4), priority: 0, status: ExecutionStatus.Running),
            Records.Execution("done", Start, priority: 9, status: ExecutionStatus.Succeeded),
            Records.Execution("held", Start, priority: 9, status: ExecutionStatus.Running),
        };
        foreach (var run in runs)
        {
            await storage.Executions.CreateExecutionAsync(run);
        }

        await storage.Executions.TryClaimAsync("held", "live-node", Time.GetUtcNow() + Lease);

        var first = await storage.Executions.ClaimResumableAsync("worker-a", Time.GetUtcNow() + Lease, 3);
        var second = await storage.Executions.ClaimResumableAsync("worker-b", Time.GetUtcNow() + Lease, 3);
        var none = await storage.Executions.ClaimResumableAsync("worker-c", Time.GetUtcNow() + Lease, 3);

        Assert.Equal(["old-high", "new-high", "old-low"], first.Select(run => run.Id));
        Assert.Equal(["new-low"], second.Select(run => run.Id));
        Assert.Empty(none);
        Assert.Equal(ExecutionStatus.Pending, first[0].Status);
        Assert.False(await storage.Executions.TryClaimAsync("old-high", "worker-b", Time.GetUtcNow() + Lease));
        Assert.True(await storage.Executions.TryClaimAsync("old-high", "worker-a", Time.GetUtcNow() + Lease));
        Assert.Equal(["new-low"], await storage.Executions.RenewLeasesAsync("worker-b", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task ClaimResumableAsync_LeaseExpired_HandsTheRunToTheNextClaimer()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e", Start));
        Assert.Single(await storage.Executions.ClaimResumableAsync("dead-node", Time.GetUtcNow() + Lease, 10));

        Time.Advance(Lease - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await storage.Executions.ClaimResumableAsync("live-node", Time.GetUtcNow() + Lease, 10));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        var taken = await storage.Executions.ClaimResumableAsync("live-node", Time.GetUtcNow() + Lease, 10);

        Assert.Equal("e", Assert.Single(taken).Id);
        Assert.Empty(await storage.Executions.RenewLeasesAsync("dead-node", Time.GetUtcNow() + Lease));
    }

    [PostgresFact]
    public async Task ClaimResumableAsync_ManyClaimersAtOnce_NeverHandTheSameRunTwice()
    {
        await using var storage = await OpenStoreAsync();
        for (var index = 0; index < 60; index++)
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution($"e{index:D2}", Start.AddMilliseconds(index)));
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 12).Select(worker =>
            storage.Executions.ClaimResumableAsync($"worker-{worker}", Time.GetUtcNow() + Lease, 7)));

        var claimed = claims.SelectMany(batch => batch.Select(run => run.Id)).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.Equal(60, claimed.Count);
    }

    [PostgresTheory]
    [InlineData(0)]
    [InlineData(-5)]
    public async Task ClaimResumableAsync_LimitBelowOne_ThrowsNamingTheLimit(int limit)
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => storage.Executions.ClaimResumableAsync("worker", Time.GetUtcNow() + Lease, limit));

        Assert.Equal("limit", error.ParamName);
    }

    [PostgresFact]
    public async Task ClaimResumableAsync_EmptyOwner_ThrowsNamingTheOwner()
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => storage.Executions.ClaimResumableAsync(" ", Time.GetUtcNow() + Lease, 1));

        Assert.Contains("lease owner", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task WorkSignal_RunCreatedBeforeAndWhileWaiting_WakesTheWaiterEachTime()
    {
        await using var storage = await OpenStoreAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await storage.Executions.CreateExecutionAsync(Records.Execution("before", Start));
        await storage.WorkSignal.WaitAsync(timeout.Token);
        var waiting = storage.WorkSignal.WaitAsync(timeout.Token).AsTask();
        await storage.Executions.CreateExecutionAsync(Records.Execution("during", Start));
        await waiting;

        Assert.False(timeout.IsCancellationRequested);
    }
}
