using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task CancelRequests_ListHeld_GivesTheOwnersUnfinishedRunsWithARequestNotSupersededByARetry()
    {
        await using var storage = await OpenStoreAsync();
        foreach (var id in new[] { "asked", "other-owner", "not-asked", "retried" })
        {
            await storage.Executions.CreateExecutionAsync(Records.Execution(id, Start, status: ExecutionStatus.Running));
        }

        await storage.Executions.TryClaimAsync("asked", "node-a", Time.GetUtcNow() + Lease);
        await storage.Executions.TryClaimAsync("not-asked", "node-a", Time.GetUtcNow() + Lease);
        await storage.Executions.TryClaimAsync("retried", "node-a", Time.GetUtcNow() + Lease);
        await storage.Executions.TryClaimAsync("other-owner", "node-b", Time.GetUtcNow() + Lease);
        await storage.Journal.AppendAsync(CancelRequests.Line("asked", Time.GetUtcNow()));
        await storage.Journal.AppendAsync(CancelRequests.Line("other-owner", Time.GetUtcNow()));
        await storage.Journal.AppendAsync(CancelRequests.Line("retried", Time.GetUtcNow()));
        await storage.Journal.AppendAsync(new LogWritten(new ExecutionLogRecord(
            "retried", null, ExecutionLogLevel.Info, "Retry requested", new JsonObject { ["control"] = "retry" }, Time.GetUtcNow())));

        Assert.Equal(["asked"], await storage.CancelRequests.ListHeldAsync("node-a"));
        Assert.Equal(["other-owner"], await storage.CancelRequests.ListHeldAsync("node-b"));
        Assert.Empty(await storage.CancelRequests.ListHeldAsync("node-c"));
    }
}
