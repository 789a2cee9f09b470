using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task AdminListAsync_Pending_InQueueOrderWithTotal()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("low", Start, priority: 1));
        await storage.Executions.CreateExecutionAsync(Records.Execution("high-new", Start.AddSeconds(2), priority: 9));
        await storage.Executions.CreateExecutionAsync(Records.Execution("high-old", Start.AddSeconds(1), priority: 9));
        await storage.Executions.CreateExecutionAsync(Records.Execution("mid", Start, priority: 5));
        await storage.Executions.CreateExecutionAsync(Records.Execution("done", Start, status: ExecutionStatus.Succeeded));
        await storage.Executions.CreateExecutionAsync(Records.Execution("elsewhere", Start, priority: 9, org: "acme"));

        var page = await storage.Admin.ListAsync(new QueueQuery("default", ExecutionStatus.Pending, 3));

        Assert.Equal(["high-old", "high-new", "mid"], page.Items.Select(e => e.Id));
        Assert.Equal(4, page.Total);
    }

    [PostgresFact]
    public async Task AdminListAsync_Finished_NewestFirst()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("old", Start, status: ExecutionStatus.Failed, priority: 9));
        await storage.Executions.CreateExecutionAsync(Records.Execution("new", Start.AddMinutes(1), status: ExecutionStatus.Failed));

        var page = await storage.Admin.ListAsync(new QueueQuery("default", ExecutionStatus.Failed, 10));

        Assert.Equal(["new", "old"], page.Items.Select(e => e.Id));
        Assert.Equal(2, page.Total);
    }

    [PostgresFact]
    public async Task AdminPurgeAsync_FailedOlderThanCutoff_DeletesThemWithStepsAndLogsOnly()
    {
        await using var storage = await OpenStoreAsync();
        await FinishAsync(storage, "old-failed", ExecutionStatus.Failed, Start);
        await FinishAsync(storage, "new-failed", ExecutionStatus.Failed, Start.AddHours(2));
        await FinishAsync(storage, "old-succeeded", ExecutionStatus.Succeeded, Start);
        await FinishAsync(storage, "other-org-failed", ExecutionStatus.Failed, Start, org: "acme");
        await storage.Executions.CreateExecutionAsync(Records.Execution("pending", Start));

        var purged = await storage.Admin.PurgeAsync(new PurgeQuery("default", ExecutionStatus.Failed, Start.AddHours(1)));

        Assert.Equal(1, purged);
        Assert.Null(await storage.Executions.GetExecutionAsync("old-failed"));
        Assert.Empty(await storage.Executions.GetStepsAsync("old-failed"));
        Assert.Empty(await storage.Executions.GetLogsAsync("old-failed"));
        foreach (var kept in new[] { "new-failed", "old-succeeded", "other-org-failed", "pending" })
        {
            Assert.NotNull(await storage.Executions.GetExecutionAsync(kept));
        }

        Assert.Single(await storage.Executions.GetStepsAsync("new-failed"));
        Assert.Single(await storage.Executions.GetLogsAsync("new-failed"));
        Assert.Equal(0, await storage.Admin.PurgeAsync(new PurgeQuery("default", ExecutionStatus.Failed, Start.AddHours(1))));
    }

    [PostgresFact]
    public async Task AdminPurgeAsync_MoreThanOneBatch_DeletesAll()
    {
        await using var storage = await OpenStoreAsync();
        const int count = Common.ExecutionAdmin.PurgeBatch * 2 + 7;
        await Task.WhenAll(Enumerable.Range(0, count).Select(i => storage.Executions.CreateExecutionAsync(
            Records.Execution($"c{i}", Start, status: ExecutionStatus.Cancelled) with { FinishedAt = Start.AddSeconds(i) })));

        var purged = await storage.Admin.PurgeAsync(new PurgeQuery("default", ExecutionStatus.Cancelled, Start.AddDays(1)));

        Assert.Equal(count, purged);
        Assert.Equal(0, (await storage.Admin.ListAsync(new QueueQuery("default", ExecutionStatus.Cancelled, 10))).Total);
    }

    [PostgresTheory]
    [InlineData(ExecutionStatus.Pending)]
    [InlineData(ExecutionStatus.Running)]
    [InlineData(ExecutionStatus.Compensating)]
    public async Task AdminPurgeAsync_UnfinishedStatus_ThrowsNamingIt(ExecutionStatus status)
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => storage.Admin.PurgeAsync(new PurgeQuery("default", status, Start)));

        Assert.Contains("Only finished runs can be purged", error.Message, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task AdminPurgeAsync_OneWorkflow_DeletesOnlyItsRuns()
    {
        await using var storage = await OpenStoreAsync();
        await FinishAsync(storage, "audit-old", ExecutionStatus.Succeeded, Start, workflow: "audit");
        await FinishAsync(storage, "orders-old", ExecutionStatus.Succeeded, Start);

        var purged = await storage.Admin.PurgeAsync(
            new PurgeQuery("default", ExecutionStatus.Succeeded, Start.AddHours(1)) { Workflow = "audit" });

        Assert.Equal(1, purged);
        Assert.Null(await storage.Executions.GetExecutionAsync("audit-old"));
        Assert.NotNull(await storage.Executions.GetExecutionAsync("orders-old"));
    }

    [PostgresFact]
    public async Task AdminPurgeAsync_ExceptWorkflows_LeavesTheirRuns()
    {
        await using var storage = await OpenStoreAsync();
        await FinishAsync(storage, "audit-old", ExecutionStatus.Failed, Start, workflow: "audit");
        await FinishAsync(storage, "billing-old", ExecutionStatus.Failed, Start, workflow: "billing");
        await FinishAsync(storage, "orders-old", ExecutionStatus.Failed, Start);

        var purged = await storage.Admin.PurgeAsync(
            new PurgeQuery("default", ExecutionStatus.Failed, Start.AddHours(1)) { ExceptWorkflows = ["audit", "billing"] });

        Assert.Equal(1, purged);
        Assert.Null(await storage.Executions.GetExecutionAsync("orders-old"));
        Assert.NotNull(await storage.Executions.GetExecutionAsync("audit-old"));
        Assert.NotNull(await storage.Executions.GetExecutionAsync("billing-old"));
    }

    [PostgresFact]
    public async Task AdminPurgeAsync_TooManyWorkflowsLeftAlone_ThrowsNamingTheLimit()
    {
        await using var storage = await OpenStoreAsync();
        var except = Enumerable.Range(0, Common.ExecutionAdmin.MaxExceptWorkflows + 1).Select(i => $"w{i}").ToList();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => storage.Admin.PurgeAsync(
            new PurgeQuery("default", ExecutionStatus.Failed, Start) { ExceptWorkflows = except }));

        Assert.Contains("at most 1000 workflows alone, got 1001", error.Message, StringComparison.Ordinal);
    }

    private static async Task FinishAsync(
        StepwiseStorage storage,
        string id,
        ExecutionStatus status,
        DateTimeOffset finishedAt,
        string org = "default",
        string workflow = "orders")
    {
        await storage.Executions.CreateExecutionAsync(Records.Execution(id, finishedAt.AddMinutes(-1), org: org, workflow: workflow));
        await storage.Journal.AppendAsync(new StepWritten(Records.Step(id, "s1", finishedAt.AddSeconds(-30))));
        await storage.Journal.AppendAsync(new LogWritten(
            new ExecutionLogRecord(id, "s1", ExecutionLogLevel.Info, "hello", null, finishedAt.AddSeconds(-20))));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten(id, status, null, null, finishedAt));
    }
}
