using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task ExpireLeasesAsync_EarlierProcessOfThisNode_EndsOnlyItsLeases()
    {
        await using var storage = await OpenStoreAsync();
        foreach (var id in new[] { "mine-old", "mine-now", "other-node" })
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution(id, Start, status: ExecutionStatus.Running));
        }

        await storage.Executions.CreateExecutionAsync(Records.Execution("mine-done", Start, status: ExecutionStatus.Succeeded));

        var until = Time.GetUtcNow() + Lease;
        await storage.Executions.TryClaimAsync("mine-old", "node-a/host:100:aa", until);
        await storage.Executions.TryClaimAsync("mine-now", "node-a/host:200:bb:cancel", until);
        await storage.Executions.TryClaimAsync("other-node", "node-b/host:100:aa", until);

        var ended = await storage.Executions.ExpireLeasesAsync("node-a/", "node-a/host:200:bb");
        var claimed = await storage.Executions.ClaimResumableAsync("node-a/host:200:bb", Time.GetUtcNow() + Lease, 10);

        Assert.Equal(1, ended);
        Assert.Equal(["mine-old"], claimed.Select(run => run.Id));
        Assert.Equal(0, await storage.Executions.ExpireLeasesAsync("node-a/", "node-a/host:200:bb"));
    }

    [PostgresFact]
    public async Task ExpireLeasesAsync_EmptyPrefix_EndsEveryLeaseOfARestoredStore()
    {
        await using var storage = await OpenStoreAsync();
        foreach (var id in new[] { "node-a-run", "node-b-run" })
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution(id, Start, status: ExecutionStatus.Running));
        }

        var until = Time.GetUtcNow() + Lease;
        await storage.Executions.TryClaimAsync("node-a-run", "node-a/host:100:aa", until);
        await storage.Executions.TryClaimAsync("node-b-run", "node-b/host:100:aa", until);

        var ended = await storage.Executions.ExpireLeasesAsync(string.Empty, "stepwise-restore");
        var claimed = await storage.Executions.ClaimResumableAsync("node-c/host:1:cc", Time.GetUtcNow() + Lease, 10);

        Assert.Equal(2, ended);
        Assert.Equal(["node-a-run", "node-b-run"], claimed.Select(run => run.Id).Order(StringComparer.Ordinal));
    }
}
