using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class RunCreatedTests
{
    private const string Probe = """
        name: probed
        nodes: [{ id: work, type: probe, with: { value: 1 } }]
        """;

    [Fact]
    public async Task CreateExecutionAsync_RunHere_CreatesARunClaimedByThisEngineThatRunCreatedRuns()
    {
        await using var harness = new EngineHarness();
        var workflow = harness.Register(Probe);

        var created = await harness.Engine.CreateExecutionAsync(workflow, null, new RunOptions { RunHere = true });

        Assert.False(await harness.Store.TryClaimAsync(created.Id, "another-node", harness.Time.GetUtcNow().AddMinutes(1)));
        var run = await harness.Engine.RunCreatedAsync(created, workflow);
        Assert.Equal(ExecutionStatus.Succeeded, run!.Status);
        Assert.Equal(1, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunCreatedAsync_CancelledWhileQueued_ReturnsItCancelledWithoutRunning()
    {
        await using var harness = new EngineHarness();
        var workflow = harness.Register(Probe);
        var created = await harness.Engine.CreateExecutionAsync(workflow, null);
        Assert.True(await harness.Engine.CancelAsync(created.Id));

        var run = await harness.Engine.RunCreatedAsync(created, workflow);

        Assert.Equal(ExecutionStatus.Cancelled, run!.Status);
        Assert.Equal(0, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunCreatedAsync_OtherWorkflowVersion_ThrowsNamingBoth()
    {
        await using var harness = new EngineHarness();
        var first = harness.Register(Probe);
        var second = harness.Register(Probe.Replace("value: 1", "value: 2", StringComparison.Ordinal));
        var created = await harness.Engine.CreateExecutionAsync(first, null);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => harness.Engine.RunCreatedAsync(created, second));

        Assert.Contains("pinned to 'probed' version 1, not 'probed' version 2", error.Message, StringComparison.Ordinal);
    }
}
