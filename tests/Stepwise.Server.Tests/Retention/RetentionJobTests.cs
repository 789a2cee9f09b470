using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Server.Tests.Retention;

public sealed class RetentionJobTests
{
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private readonly FakeTimeProvider time = new();

    [Fact]
    public async Task RunOnceAsync_FinishedRunsPastRetention_PurgesEveryFinishedStatusInEveryOrgWithStepsAndLogs()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        await store.Storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, time.GetUtcNow()));
        var old = time.GetUtcNow() - Retention - TimeSpan.FromMinutes(1);
        foreach (var status in RetentionJob.FinishedStatuses)
        {
            await store.FinishAsync($"default-{status}", status, old);
            await store.FinishAsync($"acme-{status}", status, old, org: "acme");
        }

        var purged = await CreateJob(store).RunOnceAsync(CancellationToken.None);

        Assert.Equal(RetentionJob.FinishedStatuses.Count * 2, purged);
        foreach (var status in RetentionJob.FinishedStatuses)
        {
            Assert.False(await store.ExistsAsync($"default-{status}"));
            Assert.False(await store.ExistsAsync($"acme-{status}"));
            Assert.Empty(await store.Storage.Executions.GetStepsAsync($"default-{status}"));
            Assert.Empty(await store.Storage.Executions.GetLogsAsync($"acme-{status}"));
        }
    }

    [Fact]
    public async Task RunOnceAsync_UnfinishedOrRecentRuns_KeepsThem()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        var longAgo = time.GetUtcNow() - Retention - TimeSpan.FromDays(5);
        await store.CreateAsync("pending-old", longAgo);
        await store.CreateAsync("running-old", longAgo);
        await store.Storage.Journal.AppendAsync(
            new ExecutionStatusWritten("running-old", ExecutionStatus.Running, null, null, longAgo));
        await store.CreateAsync("compensating-old", longAgo);
        await store.Storage.Journal.AppendAsync(
            new ExecutionStatusWritten("compensating-old", ExecutionStatus.Compensating, null, null, longAgo));
        await store.FinishAsync("recent", ExecutionStatus.Failed, time.GetUtcNow() - Retention + TimeSpan.FromMinutes(1));
        await store.FinishAsync("old", ExecutionStatus.Failed, time.GetUtcNow() - Retention - TimeSpan.FromMinutes(1));

        var purged = await CreateJob(store).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.False(await store.ExistsAsync("old"));
        Assert.True(await store.ExistsAsync("pending-old"));
        Assert.True(await store.ExistsAsync("running-old"));
        Assert.True(await store.ExistsAsync("compensating-old"));
        Assert.True(await store.ExistsAsync("recent"));
        Assert.Single(await store.Storage.Executions.GetStepsAsync("recent"));
    }

    [Fact]
    public async Task RunOnceAsync_MoreRunsThanOneBatch_PurgesThemAllInBatches()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        const int count = 1003; // more than two purge batches of 500 (ExecutionAdmin.PurgeBatch)
        var old = time.GetUtcNow() - Retention - TimeSpan.FromHours(1);
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => store.FinishAsync(
            $"run-{i}", ExecutionStatus.Succeeded, old.AddSeconds(i))));

        var purged = await CreateJob(store).RunOnceAsync(CancellationToken.None);

        Assert.Equal(count, purged);
        var left = await store.Storage.Admin.ListAsync(new QueueQuery("default", ExecutionStatus.Succeeded, 10));
        Assert.Equal(0, left.Total);
    }

    [Fact]
    public async Task Service_IntervalNotYetPassed_PurgesNothingThenPurgesWhenItPasses()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        var options = new RetentionOptions { Retention = TimeSpan.FromMinutes(1), Interval = TimeSpan.FromMinutes(10) };
        await store.FinishAsync("old", ExecutionStatus.Succeeded, time.GetUtcNow() - TimeSpan.FromMinutes(2));
        var job = CreateJob(store, options);
        using var service = new RetentionService(
            () => job, options, time, NullLogger<RetentionService>.Instance);
        var firstTick = time.GetUtcNow() + options.Interval;

        await service.StartAsync(CancellationToken.None);
        await time.WaitForTimerAsync(due => due == firstTick, "the first retention pass");
        time.Advance(options.Interval - TimeSpan.FromSeconds(1));

        Assert.True(await store.ExistsAsync("old"));
        time.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilGoneAsync(store, "old");
        await service.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RunOnceAsync_WorkflowWithItsOwnRetention_KeepsItsRunsForThatLong()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        await DeployAsync(store, "audit", "retention: 365d");
        await DeployAsync(store, "orders", "retention: 1h");
        await DeployAsync(store, "plain", null);
        var fortyDaysAgo = time.GetUtcNow() - TimeSpan.FromDays(40);
        await store.FinishAsync("audit-40d", ExecutionStatus.Succeeded, fortyDaysAgo, workflow: "audit");
        await store.FinishAsync("orders-2h", ExecutionStatus.Failed, time.GetUtcNow() - TimeSpan.FromHours(2), workflow: "orders");
        await store.FinishAsync("orders-30m", ExecutionStatus.Failed, time.GetUtcNow() - TimeSpan.FromMinutes(30), workflow: "orders");
        await store.FinishAsync("plain-40d", ExecutionStatus.Succeeded, fortyDaysAgo, workflow: "plain");
        await store.FinishAsync("undeployed-40d", ExecutionStatus.Succeeded, fortyDaysAgo, workflow: "gone");

        var purged = await CreateJob(store).RunOnceAsync(CancellationToken.None);

        Assert.Equal(3, purged);
        Assert.True(await store.ExistsAsync("audit-40d"));
        Assert.True(await store.ExistsAsync("orders-30m"));
        Assert.False(await store.ExistsAsync("orders-2h"));
        Assert.False(await store.ExistsAsync("plain-40d"));
        Assert.False(await store.ExistsAsync("undeployed-40d"));
    }

    [Fact]
    public async Task RunOnceAsync_LatestVersionDropsItsRetention_ServerRetentionApplies()
    {
        await using var store = await RetentionStore.OpenAsync(time);
        await DeployAsync(store, "audit", "retention: 365d");
        await DeployAsync(store, "audit", null);
        await store.FinishAsync("audit-40d", ExecutionStatus.Succeeded, time.GetUtcNow() - TimeSpan.FromDays(40), workflow: "audit");

        var purged = await CreateJob(store).RunOnceAsync(CancellationToken.None);

        Assert.Equal(1, purged);
        Assert.False(await store.ExistsAsync("audit-40d"));
    }

    private static Task DeployAsync(RetentionStore store, string name, string? retentionLine) =>
        store.Storage.WorkflowDirectory.DeployAsync(
            "default",
            name,
            $"name: {name}\n{retentionLine}\nnodes:\n  - {{ id: a, type: log, with: {{ message: hi }} }}\n");

    private RetentionJob CreateJob(RetentionStore store, RetentionOptions? options = null) =>
        store.CreateJob(options ?? new RetentionOptions { Retention = Retention }, time);

    private static async Task WaitUntilGoneAsync(RetentionStore store, string id)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (await store.ExistsAsync(id))
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
