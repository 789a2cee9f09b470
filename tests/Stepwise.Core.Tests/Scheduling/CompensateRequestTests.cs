using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class CompensateRequestTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private const string Order = """
        name: order
        nodes:
          - id: book
            type: log
            with: { message: booked }
            compensate: { type: log, with: { message: unbooked } }
          - { id: note, type: probe, with: {} }
          - id: ship
            type: log
            with: { message: shipped }
            compensate: { type: log, with: { message: unshipped } }
          - { id: pay, type: fail, with: { message: declined } }
        """;

    [Fact]
    public async Task CompensateAsync_FailedRunThatStopped_UndoesCompletedStepsInReverseOrder()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync(Order);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);

        var result = await harness.Engine.CompensateAsync(failed.Id).WaitAsync(Limit);

        Assert.Equal(RunControlStatus.Accepted, result.Status);
        Assert.Equal(ExecutionStatus.Compensated, result.Execution!.Status);
        Assert.Equal("node 'pay' failed: declined", result.Execution.Error);
        Assert.Equal(
            ["booked", "shipped", "Compensation requested: completed steps are undone in reverse order", "unshipped", "unbooked"],
            (await harness.Store.GetLogsAsync(failed.Id)).Select(l => l.Message));
        Assert.Equal(
            ["ship#compensate", "book#compensate"],
            (await harness.StepsAsync(failed.Id)).Where(s => s.StepId.Contains('#', StringComparison.Ordinal)).Select(s => s.StepId));
        Assert.Equal(1, harness.Probe.Calls);
        var stored = (await harness.Store.GetExecutionAsync(failed.Id))!;
        Assert.Equal((ExecutionStatus.Compensated, "node 'pay' failed: declined"), (stored.Status, stored.Error));
    }

    [Fact]
    public async Task CompensateAsync_AfterACompensationFailed_RunsOnlyThoseNotYetSucceeded()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: shaky_undo
            on_failure: compensate
            nodes:
              - id: book
                type: transform
                with: { ok: true }
                compensate: { type: probe, with: { fail_times: 1 } }
              - id: ship
                type: log
                with: { message: shipped }
                compensate: { type: log, with: { message: unshipped } }
              - { id: pay, type: fail, with: { message: declined } }
            """);
        Assert.Equal(
            "node 'pay' failed: declined; compensation of 'book' failed: probe failed attempt 1", failed.Error);

        var result = await harness.Engine.CompensateAsync(failed.Id).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Compensated, result.Execution!.Status);
        Assert.Equal("node 'pay' failed: declined", result.Execution.Error);
        Assert.Equal(
            ["ship#compensate 1 Succeeded", "book#compensate 1 Failed", "book#compensate 2 Succeeded"],
            (await harness.StepsAsync(failed.Id))
                .Where(s => s.StepId.Contains('#', StringComparison.Ordinal))
                .Select(s => $"{s.StepId} {s.Attempt} {s.Status}"));
        Assert.Single(await harness.Store.GetLogsAsync(failed.Id), l => l.Message == "unshipped");

        var retry = await harness.Engine.RetryAsync(failed.Id);
        Assert.Equal(RunControlStatus.Conflict, retry.Status);
    }

    [Fact]
    public async Task RetryAsync_PartlyCompensatedRun_IsRefused()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: bad_undo
            on_failure: compensate
            nodes:
              - id: book
                type: transform
                with: { ok: true }
                compensate: { type: fail, with: { message: undo refused } }
              - { id: pay, type: fail, with: { message: declined } }
            """);

        var result = await harness.Engine.RetryAsync(failed.Id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal(
            $"Execution '{failed.Id}' was partly compensated: some completed steps were undone, so it cannot be retried; compensate it again or start a new run",
            result.Error);
    }

    [Fact]
    public async Task CompensateAsync_TimedOutRun_CompensatesWithItsTimeoutRestarted()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: late
            timeout: 10s
            nodes:
              - id: book
                type: log
                with: { message: booked }
                compensate: { type: delay, with: { duration: 5s } }
              - { id: wait, type: delay, with: { duration: 1m } }
            """);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(10));
        var timedOut = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.TimedOut, timedOut.Status);

        var compensation = harness.Engine.CompensateAsync(timedOut.Id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5));
        var result = await compensation.WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Compensated, result.Execution!.Status);
        Assert.Equal("Workflow exceeded 10 second timeout", result.Execution.Error);
    }

    [Fact]
    public async Task CompensateAsync_WithoutWaiting_ReturnsTheCompensatingRecord()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync(Order);

        var result = await harness.Engine.CompensateAsync(failed.Id, wait: false);

        Assert.Equal(ExecutionStatus.Compensating, result.Execution!.Status);
        Assert.Null(result.Execution.FinishedAt);
        await harness.Engine.WhenBackgroundIdleAsync().WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Compensated, (await harness.Store.GetExecutionAsync(failed.Id))!.Status);
    }

    [Fact]
    public async Task RunExecutionAsync_RestartDuringRequestedCompensation_FinishesCompensating()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: slow_undo
            nodes:
              - id: book
                type: log
                with: { message: booked }
                compensate: { type: delay, with: { duration: 1m } }
              - { id: pay, type: fail, with: { message: declined } }
            """);
        using var host = new CancellationTokenSource();
        var compensation = harness.Engine.CompensateAsync(failed.Id, cancellationToken: host.Token);
        await harness.Time.WaitForTimerAsync(_ => true, "compensation delay");
        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => compensation.WaitAsync(Limit));
        Assert.Equal(ExecutionStatus.Compensating, (await harness.Store.GetExecutionAsync(failed.Id))!.Status);

        var resumed = harness.Restart().RunExecutionAsync(failed.Id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(1));
        var result = await resumed.WaitAsync(Limit);

        Assert.Equal((ExecutionStatus.Compensated, "node 'pay' failed: declined"), (result!.Status, result.Error));
        Assert.Equal(["booked"], (await harness.Store.GetLogsAsync(failed.Id)).Where(l => l.StepId is not null).Select(l => l.Message));
    }

    [Fact]
    public async Task CompensateAsync_CompensatedRun_IsRefused()
    {
        await using var harness = new EngineHarness();
        var saga = await harness.RunAsync(RepoPaths.ReadExample("saga.yaml"));

        var result = await harness.Engine.CompensateAsync(saga.Id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal($"Execution '{saga.Id}' is already compensated", result.Error);
        Assert.Equal(saga.Status, result.Execution!.Status);
    }

    [Fact]
    public async Task CompensateAsync_RunStillRunning_IsRefused()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: busy
            nodes: [{ id: nap, type: delay, with: { duration: 1m } }]
            """);
        await harness.Time.WaitForTimerAsync(_ => true, "delay");
        var id = harness.Engine.ActiveExecutionIds.Single();

        var result = await harness.Engine.CompensateAsync(id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal($"Execution '{id}' is still running; wait for it to finish or cancel it first", result.Error);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        await run.WaitAsync(Limit);
    }

    [Fact]
    public async Task CompensateAsync_SucceededRun_IsRefused()
    {
        await using var harness = new EngineHarness();
        var done = await harness.RunAsync("""
            name: fine
            nodes: [{ id: a, type: probe, with: {} }]
            """);

        var result = await harness.Engine.CompensateAsync(done.Id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal(
            $"Execution '{done.Id}' succeeded; only a failed, timed out or cancelled run can be compensated", result.Error);
    }

    [Fact]
    public async Task CompensateAsync_FailedRunWithNothingToUndo_IsRefusedAndStaysFailed()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: bare
            nodes:
              - { id: a, type: probe, with: {} }
              - { id: b, type: fail, with: { message: nope } }
            """);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);

        var result = await harness.Engine.CompensateAsync(failed.Id).WaitAsync(Limit);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal(
            $"Execution '{failed.Id}' has nothing to compensate: no completed step has a compensate action that has not run",
            result.Error);
        Assert.Equal(ExecutionStatus.Failed, (await harness.Store.GetExecutionAsync(failed.Id))!.Status);
    }

    [Fact]
    public async Task CompensateAsync_UnknownExecution_ReturnsExecutionNotFound()
    {
        await using var harness = new EngineHarness();

        var result = await harness.Engine.CompensateAsync("missing");

        Assert.Equal((RunControlStatus.ExecutionNotFound, "Execution 'missing' not found"), (result.Status, result.Error));
    }
}
