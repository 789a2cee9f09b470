using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>Issue 21: on SIGTERM no new step starts during the grace period; only steps that never began run after the restart.</summary>
public sealed class DrainTests
{
    private const string TwoSteps = """
        name: two_steps
        nodes:
          - id: first
            type: probe
            with: { duration: 10s }
          - id: second
            type: probe
        connections:
          - { from: first, to: second }
        """;

    [Fact]
    public async Task Drain_StepRunning_FinishesItThenStopsResumableWithoutStartingTheNext()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync(TwoSteps);
        await harness.Time.WaitForTimerAsync(d => d > harness.Time.GetUtcNow(), "the first step's wait");

        harness.Engine.Drain();
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<RunDrainedException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["first"], harness.Probe.Started);
        var execution = Assert.Single(await harness.Store.ListResumableAsync(harness.Time.GetUtcNow(), 10));
        Assert.Equal(ExecutionStatus.Running, execution.Status);

        // The next start runs only the step that never began.
        var resumed = await harness.Restart().RunExecutionAsync(execution.Id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Succeeded, resumed!.Status);
        Assert.Equal(["first", "second"], harness.Probe.Started);
    }

    [Fact]
    public async Task Drain_ForeachItemRunning_FinishesItThenStartsNoOtherItem()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: each_item
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ [1, 2, 3] }}
                  max_parallel: 1
                  node: { type: probe, with: { duration: 10s, value: "${{ item }}" } }
            output: ${{ map(nodes.each.output, o => o.value) }}
            """);
        await harness.Time.WaitForTimerAsync(d => d > harness.Time.GetUtcNow(), "the first item's wait");

        harness.Engine.Drain();
        harness.Time.Advance(TimeSpan.FromSeconds(10));

        await Assert.ThrowsAsync<RunDrainedException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["each[0]"], harness.Probe.Started);
        var execution = Assert.Single(await harness.Store.ListResumableAsync(harness.Time.GetUtcNow(), 10));

        // The next start skips the item that finished and runs the two that never began.
        var restarted = harness.Restart();
        var resumed = restarted.RunExecutionAsync(execution.Id);
        for (var i = 0; i < 2; i++)
        {
            await harness.Time.WaitForTimerAsync(d => d == harness.Time.GetUtcNow() + TimeSpan.FromSeconds(10), "the next item's wait");
            harness.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var finished = await resumed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ExecutionStatus.Succeeded, finished!.Status);
        Assert.Equal(["each[0]", "each[1]", "each[2]"], harness.Probe.Started);
    }
}
