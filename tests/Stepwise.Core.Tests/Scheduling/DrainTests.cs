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
}
