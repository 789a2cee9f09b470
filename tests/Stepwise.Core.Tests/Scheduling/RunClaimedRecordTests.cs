using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>The recovery path: a worker hands the runs it claimed in a batch straight to the engine.</summary>
public sealed class RunClaimedRecordTests
{
    private const string Probe = """
        name: probed
        nodes: [{ id: work, type: probe, with: { value: 1 } }]
        """;

    [Fact]
    public async Task RunClaimedRecordAsync_FreshBatchClaim_RunsTheClaimedRecordToTheEnd()
    {
        await using var harness = new EngineHarness();
        var workflow = harness.Register(Probe);
        var created = await harness.Engine.CreateExecutionAsync(workflow, null);
        var claimedAt = harness.Time.GetUtcNow();
        var claimed = await harness.Store.ClaimResumableAsync(
            harness.Options.OwnerId, claimedAt + harness.Options.LeaseDuration, 10);

        var run = await harness.Engine.RunClaimedRecordAsync(Assert.Single(claimed), claimedAt);

        Assert.Equal(created.Id, run!.Id);
        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal(1, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunClaimedRecordAsync_ClaimLapsedAndTakenByAnotherNode_ReturnsTheRunWithoutRunningIt()
    {
        await using var harness = new EngineHarness();
        var workflow = harness.Register(Probe);
        await harness.Engine.CreateExecutionAsync(workflow, null);
        var claimedAt = harness.Time.GetUtcNow();
        var claimed = await harness.Store.ClaimResumableAsync(
            harness.Options.OwnerId, claimedAt + harness.Options.LeaseDuration, 10);
        harness.Time.Advance(harness.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.True(await harness.Store.TryClaimAsync(
            claimed[0].Id, "another-node", harness.Time.GetUtcNow() + harness.Options.LeaseDuration));

        var run = await harness.Engine.RunClaimedRecordAsync(claimed[0], claimedAt);

        Assert.Equal(ExecutionStatus.Pending, run!.Status);
        Assert.Equal(0, harness.Probe.Calls);
    }
}
