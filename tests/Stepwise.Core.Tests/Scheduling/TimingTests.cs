using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class TimingTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task RunAsync_ExponentialRetry_SchedulesEachAttemptAfterItsBackoff()
    {
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        var run = harness.StartAsync("""
            name: retrying
            nodes:
              - id: flaky
                type: probe
                retry: { max_attempts: 3, backoff: exponential, delay: 1s, jitter: false }
                with: { fail_times: 2 }
            """);

        await harness.Time.WaitForTimerAsync(d => d == t0 + TimeSpan.FromSeconds(1), "first backoff");
        var scheduled = (await harness.Store.GetStepsAsync(harness.Engine.ActiveExecutionIds.Single()))
            .Single(s => s.Attempt == 2);
        Assert.Equal(StepStatus.RetryScheduled, scheduled.Status);
        Assert.Equal(t0 + TimeSpan.FromSeconds(1), scheduled.DueAt);
        Assert.Equal("probe failed attempt 1", scheduled.Error);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(2));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        var steps = await harness.StepsAsync(result.Id);
        Assert.Equal([StepStatus.Failed, StepStatus.Failed, StepStatus.Succeeded], steps.Select(s => s.Status));
        Assert.Equal([0d, 1d, 3d], steps.Select(s => (s.StartedAt - t0).TotalSeconds));
        Assert.Equal(3, steps[2].Output!["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task RunAsync_FixedBackoff_WaitsTheSameDelayEachTime()
    {
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        var run = harness.StartAsync("""
            name: fixed
            nodes:
              - id: flaky
                type: probe
                retry: { max_attempts: 3, backoff: fixed, delay: 5s }
                with: { fail_times: 5 }
            """);

        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5));
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("node 'flaky' failed: probe failed attempt 3", result.Error);
        Assert.Equal([0d, 5d, 10d], (await harness.StepsAsync(result.Id)).Select(s => (s.StartedAt - t0).TotalSeconds));
    }

    [Fact]
    public async Task RunAsync_AttemptExceedsNodeTimeout_FailsAttemptAndRetries()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: slow
            nodes:
              - id: slow
                type: probe
                timeout: 5s
                retry: { max_attempts: 2, backoff: fixed, delay: 1s }
                with: { duration: 10s }
            """);

        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5));
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Failed, result.Status);
        Assert.Equal("node 'slow' failed: step timed out after 5s", result.Error);
        var steps = await harness.StepsAsync(result.Id);
        Assert.Equal(2, steps.Length);
        Assert.All(steps, s => Assert.Equal("step timed out after 5s", s.Error));
    }

    [Fact]
    public async Task RunAsync_WorkflowTimeoutPasses_EndsTimedOutWithMessage()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: slowpoke
            timeout: 5s
            nodes:
              - { id: nap, type: delay, with: { duration: 10s } }
              - { id: after, type: probe, with: {} }
            """);

        await harness.Time.WaitForTimerAsync(d => d == harness.Time.GetUtcNow() + TimeSpan.FromSeconds(10), "delay");
        harness.Time.Advance(TimeSpan.FromSeconds(5));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.TimedOut, result.Status);
        Assert.Equal("Workflow exceeded 5 second timeout", result.Error);
        Assert.Equal(0, harness.Probe.Calls);
        var nap = (await harness.StepsAsync(result.Id)).Single();
        Assert.Equal(StepStatus.Cancelled, nap.Status);
    }

    [Fact]
    public void TimeoutMessage_Minutes_NamesSeconds()
    {
        Assert.Equal("Workflow exceeded 300 second timeout", ExecutionRunner.TimeoutMessage(TimeSpan.FromMinutes(5)));
        Assert.Equal("Workflow exceeded 1800 second timeout", ExecutionRunner.TimeoutMessage(TimeSpan.FromMinutes(30)));
    }

    [Fact]
    public async Task RequestCancel_DuringDelay_EndsCancelledAndRunsNothingMore()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: cancellable
            nodes:
              - { id: nap, type: delay, with: { duration: 1h } }
              - { id: after, type: probe, with: {} }
            """);
        await harness.Time.WaitForTimerAsync(d => d == harness.Time.GetUtcNow() + TimeSpan.FromHours(1), "delay");

        Assert.True(harness.Engine.RequestCancel(harness.Engine.ActiveExecutionIds.Single()));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Cancelled, result.Status);
        Assert.Equal("Execution was cancelled", result.Error);
        Assert.Equal(0, harness.Probe.Calls);
        Assert.Equal(StepStatus.Cancelled, (await harness.StepsAsync(result.Id)).Single().Status);
        Assert.False(harness.Engine.RequestCancel(result.Id));
    }

    [Fact]
    public async Task RunExecutionAsync_AfterRestartDuringDelay_WaitsOnlyTheRest()
    {
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        using var host = new CancellationTokenSource();
        var run = harness.StartAsync("""
            name: sleeper
            nodes:
              - { id: nap, type: delay, with: { duration: 10s } }
              - { id: after, type: probe, with: {} }
            """, host: host.Token);
        await harness.Time.WaitForTimerAsync(d => d == t0 + TimeSpan.FromSeconds(10), "delay");
        var id = harness.Engine.ActiveExecutionIds.Single();
        harness.Time.Advance(TimeSpan.FromSeconds(4));

        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Limit));
        Assert.Equal(ExecutionStatus.Running, (await harness.Store.GetExecutionAsync(id))!.Status);
        var inFlight = (await harness.StepsAsync(id)).Single();
        Assert.Equal((StepStatus.Running, t0 + TimeSpan.FromSeconds(10)), (inFlight.Status, inFlight.DueAt));

        var restarted = harness.Restart().RunExecutionAsync(id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(6));

        var result = await restarted.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, result!.Status);
        Assert.Equal(1, harness.Probe.Calls);
        Assert.Equal(t0 + TimeSpan.FromSeconds(10), result.FinishedAt);
        Assert.Single(await harness.StepsAsync(id), s => s.StepId == "nap");
    }

    [Fact]
    public async Task RunExecutionAsync_AfterRestartDuringBackoff_ContinuesFromRecordedAttempt()
    {
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        using var host = new CancellationTokenSource();
        var run = harness.StartAsync("""
            name: backoff
            nodes:
              - id: flaky
                type: probe
                retry: { max_attempts: 3, backoff: fixed, delay: 10s }
                with: { fail_times: 1 }
            """, host: host.Token);
        await harness.Time.WaitForTimerAsync(d => d == t0 + TimeSpan.FromSeconds(10), "backoff");
        var id = harness.Engine.ActiveExecutionIds.Single();
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Limit));

        var restarted = harness.Restart().RunExecutionAsync(id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(7));

        var result = await restarted.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, result!.Status);
        Assert.Equal(2, harness.Probe.Calls);
        var last = (await harness.StepsAsync(id)).Last();
        Assert.Equal((2, StepStatus.Succeeded, t0 + TimeSpan.FromSeconds(10)), (last.Attempt, last.Status, last.StartedAt));
    }
}
