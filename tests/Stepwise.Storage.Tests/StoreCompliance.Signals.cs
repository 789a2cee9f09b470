using System.Text.Json.Nodes;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;
using Stepwise.Storage.Tests.Support;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private SignalWait Wait(string executionId, string name = "approve", DateTimeOffset? due = null) => new(
        executionId, name, "default", "orders", "approval", SignalWaitStatus.Waiting, Time.GetUtcNow(), due,
        new JsonObject { ["message"] = "ok?" }, null, null, null);

    [Fact]
    public async Task Signals_ParkedRun_IsNotClaimableUntilASignalWakesIt()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("parked", Start, status: ExecutionStatus.Running));
        Assert.True(await storage.Executions.TryClaimAsync("parked", "node-a", Time.GetUtcNow() + Lease));
        var (wait, created) = await storage.Signals.BeginWaitAsync(Wait("parked"));
        Assert.True(created);
        Assert.False((await storage.Signals.BeginWaitAsync(Wait("parked"))).Created);
        Assert.Equal(SignalWaitStatus.Waiting, wait.Status);

        Assert.True(await storage.Signals.ParkAsync("parked", "node-a", Time.GetUtcNow() + TimeSpan.FromHours(1), ["approve"], Time.GetUtcNow()));
        Assert.Empty(await storage.Executions.ClaimResumableAsync("node-b", Time.GetUtcNow() + Lease, 10));

        var wrongOrg = await storage.Signals.SendAsync("other", "parked", "approve", new JsonObject(), "key:x", Time.GetUtcNow());
        Assert.Equal(SignalDeliveryStatus.ExecutionNotFound, wrongOrg.Status);
        var unknown = await storage.Signals.SendAsync("default", "parked", "nope", new JsonObject(), "key:x", Time.GetUtcNow());
        Assert.Equal(SignalDeliveryStatus.NotWaiting, unknown.Status);
        var sent = await storage.Signals.SendAsync(
            "default", "parked", "approve", new JsonObject { ["approved"] = true }, "key:x", Time.GetUtcNow());
        Assert.Equal(SignalDeliveryStatus.Delivered, sent.Status);
        Assert.Equal("key:x", sent.Wait!.SentBy);
        Assert.Equal(SignalDeliveryStatus.AlreadyResolved,
            (await storage.Signals.SendAsync("default", "parked", "approve", new JsonObject(), "key:y", Time.GetUtcNow())).Status);

        var claimed = await storage.Executions.ClaimResumableAsync("node-b", Time.GetUtcNow() + Lease, 10);
        Assert.Equal(["parked"], claimed.Select(e => e.Id));
    }

    [Fact]
    public async Task Signals_ParkAfterTheSignalCame_WakesAtOnce()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("raced", Start, status: ExecutionStatus.Running));
        Assert.True(await storage.Executions.TryClaimAsync("raced", "node-a", Time.GetUtcNow() + Lease));
        await storage.Signals.BeginWaitAsync(Wait("raced"));
        await storage.Signals.SendAsync("default", "raced", "approve", new JsonObject { ["approved"] = false }, "link", Time.GetUtcNow());

        Assert.True(await storage.Signals.ParkAsync("raced", "node-a", Time.GetUtcNow() + TimeSpan.FromHours(1), ["approve"], Time.GetUtcNow()));
        Assert.Equal(["raced"], (await storage.Executions.ClaimResumableAsync("node-b", Time.GetUtcNow() + Lease, 10)).Select(e => e.Id));
    }

    [Fact]
    public async Task Signals_DueTimePassed_RunIsClaimableAndTheTimeoutWinsOnlyOverNoSignal()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Executions.CreateExecutionAsync(Records.Execution("timer", Start, status: ExecutionStatus.Running));
        Assert.True(await storage.Executions.TryClaimAsync("timer", "node-a", Time.GetUtcNow() + Lease));
        await storage.Signals.BeginWaitAsync(Wait("timer", due: Time.GetUtcNow() + TimeSpan.FromMinutes(5)));
        await storage.Signals.ParkAsync("timer", "node-a", Time.GetUtcNow() + TimeSpan.FromMinutes(5), ["approve"], Time.GetUtcNow());
        Assert.Empty(await storage.Executions.ClaimResumableAsync("node-b", Time.GetUtcNow() + Lease, 10));

        Time.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(["timer"], (await storage.Executions.ClaimResumableAsync("node-b", Time.GetUtcNow() + Lease, 10)).Select(e => e.Id));
        var timedOut = await storage.Signals.TimeOutAsync("timer", "approve", Time.GetUtcNow());
        Assert.Equal(SignalWaitStatus.TimedOut, timedOut.Status);
        Assert.Equal(SignalDeliveryStatus.AlreadyResolved,
            (await storage.Signals.SendAsync("default", "timer", "approve", new JsonObject(), "key:x", Time.GetUtcNow())).Status);

        var waiting = await storage.Signals.ListAsync(new SignalWaitQuery("default"));
        Assert.DoesNotContain(waiting, w => w.ExecutionId == "timer");
        var all = await storage.Signals.ListAsync(new SignalWaitQuery("default", Status: null));
        Assert.Contains(all, w => w.ExecutionId == "timer" && w.Status == SignalWaitStatus.TimedOut);
    }
}
