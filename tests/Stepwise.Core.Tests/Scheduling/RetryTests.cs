using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class RetryTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(20);

    private const string Chain = """
        name: chain
        nodes:
          - { id: a, type: probe, with: { value: 1 } }
          - { id: b, type: probe, with: { fail_times: 1, value: "${{ nodes.a.output.value + 1 }}" } }
          - { id: c, type: probe, with: { value: "${{ nodes.b.output.value + 1 }}" } }
        """;

    [Fact]
    public async Task RetryAsync_FailedRun_RerunsFailedStepWithNextAttemptAndKeepsCompletedOutputs()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync(Chain);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);

        var result = await harness.Engine.RetryAsync(failed.Id).WaitAsync(Limit);

        Assert.Equal(RunControlStatus.Accepted, result.Status);
        Assert.Null(result.Error);
        var run = result.Execution!;
        Assert.Equal((failed.Id, ExecutionStatus.Succeeded), (run.Id, run.Status));
        Assert.Null(run.Error);
        Assert.Equal(3, run.Output!["c"]!["value"]!.GetValue<long>());
        Assert.Equal(["a", "b", "b", "c"], harness.Probe.Started);
        var steps = await harness.StepsAsync(run.Id);
        Assert.Equal(
            ["a#1 succeeded", "b#1 failed", "b#2 succeeded", "c#1 succeeded"],
            steps.Select(s => $"{s.StepId}#{s.Attempt} {s.Status.ToString().ToLowerInvariant()}"));
        Assert.Equal(2, steps[2].Output!["attempt"]!.GetValue<int>());
        var stored = (await harness.Store.GetExecutionAsync(run.Id))!;
        Assert.Equal((ExecutionStatus.Succeeded, null), (stored.Status, stored.Error));
        var marker = Assert.Single(await harness.Store.GetLogsAsync(run.Id));
        Assert.Null(marker.StepId);
        Assert.Equal("retry", marker.Data!["control"]!.GetValue<string>());
        Assert.Equal(2, marker.Data["rounds"]!["b"]!.GetValue<int>());
    }

    [Fact]
    public async Task RetryAsync_StepWithRetryPolicy_GetsAFreshBudgetOfAttempts()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: flaky
            nodes:
              - id: call
                type: probe
                retry: { max_attempts: 2, backoff: fixed, delay: 0s }
                with: { fail_times: 3 }
            """);
        Assert.Equal("node 'call' failed: probe failed attempt 2", failed.Error);

        var result = await harness.Engine.RetryAsync(failed.Id).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Execution!.Status);
        Assert.Equal([1, 2, 3, 4], (await harness.StepsAsync(failed.Id)).Select(s => s.Attempt));
    }

    [Fact]
    public async Task RetryAsync_FromNode_RerunsItAndDownstreamButNotUpstream()
    {
        await using var harness = new EngineHarness();
        var first = await harness.RunAsync(Chain.Replace("fail_times: 1", "fail_times: 0", StringComparison.Ordinal));
        Assert.Equal(ExecutionStatus.Succeeded, first.Status);

        var result = await harness.Engine.RetryAsync(first.Id, fromNode: "b").WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Execution!.Status);
        Assert.Equal(["a", "b", "c", "b", "c"], harness.Probe.Started);
        Assert.Equal(
            ["a#1", "b#1", "c#1", "b#2", "c#2"],
            (await harness.StepsAsync(first.Id)).Select(s => $"{s.StepId}#{s.Attempt}"));
        Assert.Equal(3, result.Execution.Output!["c"]!["value"]!.GetValue<long>());
    }

    [Fact]
    public async Task RetryAsync_FromNodeTwice_ContinuesAttemptNumbers()
    {
        await using var harness = new EngineHarness();
        var first = await harness.RunAsync(Chain.Replace("fail_times: 1", "fail_times: 0", StringComparison.Ordinal));

        await harness.Engine.RetryAsync(first.Id, fromNode: "c").WaitAsync(Limit);
        var result = await harness.Engine.RetryAsync(first.Id, fromNode: "b").WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Execution!.Status);
        var steps = await harness.StepsAsync(first.Id);
        Assert.Equal([1, 2], steps.Where(s => s.StepId == "b").Select(s => s.Attempt));
        Assert.Equal([1, 2, 3], steps.Where(s => s.StepId == "c").Select(s => s.Attempt));
        Assert.Equal(3, result.Execution.Output!["c"]!["attempt"]!.GetValue<int>());
    }

    [Fact]
    public async Task RetryAsync_FailedForeach_RerunsOnlyTheFailedItems()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: items
            nodes:
              - id: each
                type: foreach
                with:
                  items: [0, 0, 1]
                  max_parallel: 1
                  node: { type: probe, with: { fail_times: "${{ item }}", value: "${{ index }}" } }
            """);
        Assert.Equal(ExecutionStatus.Failed, failed.Status);

        var retried = await harness.Engine.RetryAsync(failed.Id).WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, retried.Execution!.Status);
        Assert.Equal(["each[0]", "each[1]", "each[2]", "each[2]"], harness.Probe.Started);
        Assert.Equal([0L, 1L, 2L], retried.Execution.Output!["each"]!.AsArray().Select(o => o!["value"]!.GetValue<long>()));

        var again = await harness.Engine.RetryAsync(failed.Id, fromNode: "each").WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, again.Execution!.Status);
        Assert.Equal(7, harness.Probe.Calls);
        Assert.Equal(
            ["each[0]: 1 2", "each[1]: 1 2", "each[2]: 1 2 3"],
            (await harness.StepsAsync(failed.Id))
                .Where(s => s.StepId.StartsWith("each[", StringComparison.Ordinal))
                .GroupBy(s => s.StepId)
                .Select(g => $"{g.Key}: {string.Join(' ', g.Select(s => s.Attempt))}"));
    }

    [Fact]
    public async Task RetryAsync_TimedOutRun_GetsItsWholeTimeoutAgain()
    {
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        var run = harness.StartAsync("""
            name: slow
            timeout: 30s
            nodes:
              - { id: first, type: delay, with: { duration: 20s } }
              - { id: second, type: delay, with: { duration: 20s } }
              - { id: after, type: probe, with: {} }
            """);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(20));
        await harness.Time.WaitForTimerAsync(d => d == t0 + TimeSpan.FromSeconds(40), "second delay");
        harness.Time.Advance(TimeSpan.FromSeconds(10));
        var timedOut = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.TimedOut, timedOut.Status);

        var retry = harness.Engine.RetryAsync(timedOut.Id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(20));
        var result = await retry.WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Execution!.Status);
        Assert.Equal(t0 + TimeSpan.FromSeconds(50), result.Execution.FinishedAt);
        var steps = await harness.StepsAsync(timedOut.Id);
        Assert.Equal(
            ["first#1 Succeeded", "second#1 Cancelled", "second#2 Succeeded", "after#1 Succeeded"],
            steps.Select(s => $"{s.StepId}#{s.Attempt} {s.Status}"));
    }

    [Fact]
    public async Task RetryAsync_CancelledRunWithAttemptLeftRunning_ClosesItAndRunsAgain()
    {
        await using var harness = new EngineHarness();
        using var host = new CancellationTokenSource();
        var run = harness.StartAsync("""
            name: abandoned
            timeout: 2h
            nodes:
              - { id: nap, type: delay, with: { duration: 1h } }
            """, host: host.Token);
        await harness.Time.WaitForTimerAsync(_ => true, "delay");
        var id = harness.Engine.ActiveExecutionIds.Single();
        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Limit));
        Assert.True(await harness.Restart().CancelAsync(id));

        var retry = harness.Engine.RetryAsync(id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromHours(1));
        var result = await retry.WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result.Execution!.Status);
        var steps = await harness.StepsAsync(id);
        Assert.Equal([(1, StepStatus.Cancelled), (2, StepStatus.Succeeded)], steps.Select(s => (s.Attempt, s.Status)));
        Assert.Equal("superseded by a retry of the run", steps[0].Error);
    }

    [Fact]
    public async Task RunExecutionAsync_RestartDuringRetriedStep_ResumesTheRetryRounds()
    {
        await using var harness = new EngineHarness();
        var workflow = """
            name: resumable
            nodes:
              - { id: a, type: probe, with: {} }
              - { id: b, type: delay, with: { duration: 10s } }
              - { id: c, type: probe, with: {} }
            """;
        var first = harness.StartAsync(workflow);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(10));
        var id = (await first.WaitAsync(Limit)).Id;
        var retriedAt = harness.Time.GetUtcNow();
        using var host = new CancellationTokenSource();

        var retry = harness.Engine.RetryAsync(id, fromNode: "b", cancellationToken: host.Token);
        await harness.Time.WaitForTimerAsync(d => d == retriedAt + TimeSpan.FromSeconds(10), "retried delay");
        harness.Time.Advance(TimeSpan.FromSeconds(4));
        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => retry.WaitAsync(Limit));
        Assert.Equal(ExecutionStatus.Running, (await harness.Store.GetExecutionAsync(id))!.Status);

        var resumed = harness.Restart().RunExecutionAsync(id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(6));
        var result = await resumed.WaitAsync(Limit);

        Assert.Equal(ExecutionStatus.Succeeded, result!.Status);
        Assert.Equal(retriedAt + TimeSpan.FromSeconds(10), result.FinishedAt);
        Assert.Equal(["a", "c", "c"], harness.Probe.Started);
        Assert.Equal(
            ["a#1", "b#1", "c#1", "b#2", "c#2"],
            (await harness.StepsAsync(id)).Select(s => $"{s.StepId}#{s.Attempt}"));
    }

    [Fact]
    public async Task RetryAsync_WithoutWaiting_ReturnsTheRunningRecordAndRunsInBackground()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync(Chain);

        var result = await harness.Engine.RetryAsync(failed.Id, wait: false).WaitAsync(Limit);

        Assert.Equal(RunControlStatus.Accepted, result.Status);
        Assert.Equal((ExecutionStatus.Running, null, null), (result.Execution!.Status, result.Execution.Error, result.Execution.FinishedAt));
        await harness.Engine.WhenBackgroundIdleAsync().WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, (await harness.Store.GetExecutionAsync(failed.Id))!.Status);
    }

    [Fact]
    public async Task RetryAsync_UnknownNode_ReturnsNodeNotFoundAndChangesNothing()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync(Chain);

        var result = await harness.Engine.RetryAsync(failed.Id, fromNode: "zz");

        Assert.Equal(RunControlStatus.NodeNotFound, result.Status);
        Assert.Equal("Node 'zz' not found in workflow 'chain'", result.Error);
        Assert.Equal(ExecutionStatus.Failed, (await harness.Store.GetExecutionAsync(failed.Id))!.Status);
        Assert.Empty(await harness.Store.GetLogsAsync(failed.Id));
    }

    [Fact]
    public async Task RetryAsync_UnknownExecution_ReturnsExecutionNotFound()
    {
        await using var harness = new EngineHarness();

        var result = await harness.Engine.RetryAsync("nope");

        Assert.Equal((RunControlStatus.ExecutionNotFound, null), (result.Status, result.Execution));
        Assert.Equal("Execution 'nope' not found", result.Error);
    }

    [Fact]
    public async Task RetryAsync_SucceededRunWithoutNode_IsRefused()
    {
        await using var harness = new EngineHarness();
        var done = await harness.RunAsync("""
            name: fine
            nodes: [{ id: a, type: probe, with: {} }]
            """);

        var result = await harness.Engine.RetryAsync(done.Id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal(
            $"Execution '{done.Id}' succeeded, so it has no failed steps to retry; name a node to re-run from it",
            result.Error);
    }

    [Fact]
    public async Task RetryAsync_CompensatedRun_IsRefused()
    {
        await using var harness = new EngineHarness();
        var saga = await harness.RunAsync(RepoPaths.ReadExample("saga.yaml"));

        var result = await harness.Engine.RetryAsync(saga.Id, fromNode: "charge");

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal(
            $"Execution '{saga.Id}' was compensated: its completed steps were undone, so it cannot be retried; start a new run",
            result.Error);
    }

    [Fact]
    public async Task RetryAsync_RunStillRunning_IsRefused()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: busy
            nodes: [{ id: nap, type: delay, with: { duration: 1m } }]
            """);
        await harness.Time.WaitForTimerAsync(_ => true, "delay");
        var id = harness.Engine.ActiveExecutionIds.Single();

        var result = await harness.Engine.RetryAsync(id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal($"Execution '{id}' is still running; wait for it to finish or cancel it first", result.Error);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(ExecutionStatus.Succeeded, (await run.WaitAsync(Limit)).Status);
    }

    [Fact]
    public async Task RetryAsync_RunWithInvalidParams_IsRefused()
    {
        await using var harness = new EngineHarness();
        var invalid = await harness.RunAsync("""
            name: needs
            params: [{ name: n, type: int, required: true }]
            nodes: [{ id: a, type: probe, with: {} }]
            """);
        Assert.Equal(ExecutionStatus.Failed, invalid.Status);

        var result = await harness.Engine.RetryAsync(invalid.Id);

        Assert.Equal(RunControlStatus.Conflict, result.Status);
        Assert.Equal(
            $"Execution '{invalid.Id}' cannot run again: {invalid.Error}; start a new run with valid params",
            result.Error);
    }

    [Fact]
    public async Task RetryAsync_ParamsUnchanged_RunSeesTheSameParams()
    {
        await using var harness = new EngineHarness();
        var failed = await harness.RunAsync("""
            name: echo
            params: [{ name: n, type: int }]
            nodes: [{ id: a, type: probe, with: { fail_times: 1, value: "${{ params.n }}" } }]
            """, new JsonObject { ["n"] = 7 });

        var result = await harness.Engine.RetryAsync(failed.Id);

        Assert.Equal(7, result.Execution!.Output!["a"]!["value"]!.GetValue<long>());
    }
}
