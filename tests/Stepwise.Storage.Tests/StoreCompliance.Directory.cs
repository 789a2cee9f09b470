using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task DeployAsync_SameChangedDeletedRedeployed_NumbersVersions()
    {
        var storage = await OpenStoreAsync();
        var directory = storage.WorkflowDirectory;

        var first = await directory.DeployAsync("acme", "orders", SourceA);
        var same = await directory.DeployAsync("acme", "orders", SourceA);
        var changed = await directory.DeployAsync("acme", "orders", SourceB);
        Assert.Equal((1, true), (first.Version.Version, first.Created));
        Assert.Equal((1, false), (same.Version.Version, same.Created));
        Assert.Equal((2, true), (changed.Version.Version, changed.Created));

        Assert.True(await directory.DeleteAsync("acme", "orders"));
        Assert.False(await directory.DeleteAsync("acme", "orders"));
        Assert.Null(await directory.GetCurrentAsync("acme", "orders"));
        Assert.Empty(await directory.ListVersionsAsync("acme", "orders"));
        Assert.Empty(await directory.ListAsync("acme"));
        Assert.NotNull(await storage.Workflows.GetVersionAsync("acme", "orders", 2));

        var redeployed = await directory.DeployAsync("acme", "orders", SourceB);
        Assert.Equal((3, true), (redeployed.Version.Version, redeployed.Created));
        Assert.Equal([3, 2, 1], (await directory.ListVersionsAsync("acme", "orders")).Select(v => v.Version));
        Assert.Equal(3, (await directory.GetCurrentAsync("acme", "orders"))?.Version);
    }

    [PostgresFact]
    public async Task ListAsync_SeveralWorkflowsAndOrgs_LatestOfEachByName()
    {
        var storage = await OpenStoreAsync();
        var directory = storage.WorkflowDirectory;
        await directory.DeployAsync("acme", "zeta", SourceA);
        await directory.DeployAsync("acme", "alpha", SourceA);
        await directory.DeployAsync("acme", "alpha", SourceB);
        await directory.DeployAsync("other", "beta", SourceA);

        var listed = await directory.ListAsync("acme");
        Assert.Equal(["alpha", "zeta"], listed.Select(s => s.Latest.Name));
        Assert.Equal([(2, 2), (1, 1)], listed.Select(s => (s.Latest.Version, s.VersionCount)));
        Assert.False(await directory.DeleteAsync("acme", "beta"));
    }

    [PostgresFact]
    public async Task ExecutionQueries_FiltersAndCursor_PageNewestFirst()
    {
        var storage = await OpenStoreAsync();
        for (var i = 0; i < 7; i++)
        {
            var status = i % 2 == 0 ? ExecutionStatus.Pending : ExecutionStatus.Failed;
            await storage.Executions.CreateExecutionAsync(
                Records.Execution($"e{i}", Start.AddSeconds(i), status: status, workflow: i < 5 ? "orders" : "refunds"));
        }

        await storage.Executions.CreateExecutionAsync(Records.Execution("x", Start, org: "other"));
        await storage.Executions.CreateExecutionAsync(Records.Execution("e3b", Start.AddSeconds(3)));

        var ids = new List<string>();
        ExecutionCursor? cursor = null;
        do
        {
            var page = await storage.ExecutionQueries.ListAsync(new ExecutionQuery("default", 3, After: cursor));
            Assert.True(page.Items.Count <= 3);
            ids.AddRange(page.Items.Select(e => e.Id));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(["e6", "e5", "e4", "e3b", "e3", "e2", "e1", "e0"], ids);

        var failed = await storage.ExecutionQueries.ListAsync(
            new ExecutionQuery("default", 10, Status: ExecutionStatus.Failed, Workflow: "orders"));
        Assert.Equal(["e3", "e1"], failed.Items.Select(e => e.Id));
        Assert.Null(failed.Next);

        var window = await storage.ExecutionQueries.ListAsync(
            new ExecutionQuery("default", 10, Since: Start.AddSeconds(2), Until: Start.AddSeconds(4)));
        Assert.Equal(["e3b", "e3", "e2"], window.Items.Select(e => e.Id));
    }
}
