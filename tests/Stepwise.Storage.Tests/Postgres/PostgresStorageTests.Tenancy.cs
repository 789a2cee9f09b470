using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>Organizations, deployments, schedules and listings with several processes on one database.</summary>
public sealed partial class PostgresStorageTests
{
    [PostgresFact]
    public async Task DeployAsync_TwoProcessesDeployingAtOnce_NumberVersionsWithoutGapsOrDuplicates()
    {
        var a = await OpenAsync(database);
        var b = await OpenAsync(database);

        var deployed = await Task.WhenAll(Enumerable.Range(0, 30).Select(index =>
            (index % 2 == 0 ? a : b).WorkflowDirectory.DeployAsync("acme", "orders", $"name: orders # {index}")));
        var same = await Task.WhenAll(
            a.WorkflowDirectory.DeployAsync("acme", "billing", "name: billing"),
            b.WorkflowDirectory.DeployAsync("acme", "billing", "name: billing"));

        Assert.All(deployed, deployment => Assert.True(deployment.Created));
        Assert.Equal(Enumerable.Range(1, 30), deployed.Select(d => d.Version.Version).Order());
        Assert.Equal(30, (await a.WorkflowDirectory.GetCurrentAsync("acme", "orders"))?.Version);
        Assert.Equal([1, 1], same.Select(d => d.Version.Version));
        Assert.Single(same, d => d.Created);
    }

    [PostgresFact]
    public async Task DeployAsync_AfterAnotherProcessDeleted_StartsANewVisibleVersion()
    {
        var a = await OpenAsync(database);
        var b = await OpenAsync(database);
        await a.WorkflowDirectory.DeployAsync("acme", "orders", "name: orders");

        Assert.True(await b.WorkflowDirectory.DeleteAsync("acme", "orders"));
        Assert.False(await a.WorkflowDirectory.DeleteAsync("acme", "orders"));
        var redeployed = await a.WorkflowDirectory.DeployAsync("acme", "orders", "name: orders");

        Assert.Equal((2, true), (redeployed.Version.Version, redeployed.Created));
        Assert.Equal([2, 1], (await b.WorkflowDirectory.ListVersionsAsync("acme", "orders")).Select(v => v.Version));
    }

    [PostgresFact]
    public async Task EnsureAsync_TwoProcessesAtOnce_ExactlyOneCreatesEachOrganization()
    {
        var a = await OpenAsync(database);
        var b = await OpenAsync(database);

        var created = await Task.WhenAll(Enumerable.Range(0, 20).Select(index =>
            (index % 2 == 0 ? a : b).Organizations.EnsureAsync(
                new OrganizationRecord($"org-{index / 2}", $"Org {index}", true, time.GetUtcNow()))));

        Assert.Equal(10, created.Count(won => won));
        Assert.Equal(10, (await b.Organizations.ListAsync()).Count);
    }

    [PostgresFact]
    public async Task TrySetLastFiredAsync_TwoProcessesClaimingEachTick_ExactlyOneWinsEach()
    {
        var a = await OpenAsync(database);
        var b = await OpenAsync(database);
        var key = new ScheduleKey("acme", "nightly", "0: 0 * * * * (UTC)");
        var start = time.GetUtcNow();

        DateTimeOffset? expected = null;
        for (var tick = 1; tick <= 5; tick++)
        {
            var fired = start.AddHours(tick);
            var previous = expected;
            var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(index =>
                (index % 2 == 0 ? a : b).Schedules.TrySetLastFiredAsync(key, previous, fired)));

            Assert.Equal(1, claims.Count(won => won));
            expected = fired;
        }

        Assert.Equal(start.AddHours(5), await b.Schedules.GetLastFiredAsync(key));
    }

    [PostgresFact]
    public async Task Lists_DatabaseWithALanguageCollation_SortIdsAndNamesByteByByteLikeSqlite()
    {
        var english = await server.CreateDatabaseAsync(migrated: false, icuLocale: "en-US");
        try
        {
            await using var storage = await Stepwise.Storage.Postgres.PostgresStorage.OpenAsync(english, time);
            string[] ids = ["beta", "Zulu", "alpha", "Alpha", "_x"];
            foreach (var id in ids)
            {
                await storage.Organizations.CreateAsync(new OrganizationRecord(id, id, true, time.GetUtcNow()));
                await storage.WorkflowDirectory.DeployAsync("acme", id, $"name: {id}");
                await storage.Executions.CreateExecutionAsync(Records.Execution(id, time.GetUtcNow(), org: "acme"));
            }

            string[] ordinal = [.. ids.Order(StringComparer.Ordinal)];
            Assert.Equal(["Alpha", "Zulu", "_x", "alpha", "beta"], ordinal);
            Assert.Equal(ordinal, (await storage.Organizations.ListAsync()).Select(o => o.Id));
            Assert.Equal(ordinal, (await storage.WorkflowDirectory.ListAsync("acme")).Select(s => s.Latest.Name));

            var paged = new List<string>();
            ExecutionCursor? cursor = null;
            do
            {
                var page = await storage.ExecutionQueries.ListAsync(new ExecutionQuery("acme", 2, After: cursor));
                paged.AddRange(page.Items.Select(e => e.Id));
                cursor = page.Next;
            }
            while (cursor is not null);

            Assert.Equal(ordinal.Reverse(), paged);
        }
        finally
        {
            await server.DropDatabaseAsync(english);
        }
    }
}
