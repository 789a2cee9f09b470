using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [Fact]
    public async Task ReopenAsync_FinishedRun_ResetsOnceForRetry()
    {
        var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e1", Start));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e1", ExecutionStatus.Running, null, null, Start));
        await storage.Journal.AppendAsync(
            new ExecutionStatusWritten("e1", ExecutionStatus.Failed, null, "boom", Start.AddSeconds(1)));

        Assert.True(await storage.ExecutionControl.ReopenAsync("e1", ExecutionStatus.Pending, Start.AddMinutes(5)));
        Assert.False(await storage.ExecutionControl.ReopenAsync("e1", ExecutionStatus.Pending, Start.AddMinutes(6)));
        var reopened = await storage.Executions.GetExecutionAsync("e1");
        Assert.Equal(ExecutionStatus.Pending, reopened?.Status);
        Assert.Null(reopened?.Error);
        Assert.Null(reopened?.FinishedAt);
        Assert.Equal(Start.AddMinutes(5), reopened?.StartedAt);
        Assert.Contains(await storage.Executions.ListResumableAsync(Start.AddMinutes(5), 10), e => e.Id == "e1");
    }

    [Fact]
    public async Task ReopenAsync_Compensating_KeepsErrorAndStart()
    {
        var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("e2", Start));
        await storage.Journal.AppendAsync(new ExecutionStatusWritten("e2", ExecutionStatus.Running, null, null, Start));
        await storage.Journal.AppendAsync(
            new ExecutionStatusWritten("e2", ExecutionStatus.Failed, null, "boom", Start.AddSeconds(1)));

        Assert.True(await storage.ExecutionControl.ReopenAsync("e2", ExecutionStatus.Compensating, Start.AddMinutes(5)));
        var reopened = await storage.Executions.GetExecutionAsync("e2");
        Assert.Equal((ExecutionStatus.Compensating, "boom", Start), (reopened!.Status, reopened.Error, reopened.StartedAt!.Value));
        Assert.False(await storage.ExecutionControl.ReopenAsync("unknown", ExecutionStatus.Pending, Start));
    }
}
