using Stepwise.Core.Expressions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>What one run may spend: a budget exceeded fails that step, naming the limit; timeouts stop CPU-bound work.</summary>
public sealed class RunBudgetTests
{
    // Hundreds of millions of operations: minutes of CPU unless a timeout or cancel stops it.
    private const string Endless = "${{ len(filter(range(0, 30000), x => any(range(0, 30000), y => y == -1))) }}";

    private static EngineOptions Unbounded(RunBudgets? budgets = null) => new()
    {
        LeaseDuration = TimeSpan.FromDays(1),
        OwnerId = "test",
        Budgets = budgets ?? new RunBudgets
        {
            Expressions = new EvaluationLimits { MaxItems = long.MaxValue, MaxOperations = long.MaxValue, MaxDuration = TimeSpan.FromHours(1) },
        },
    };

    [Fact]
    public async Task RunAsync_HalfGigabyteExpression_FailsTheStepNamingTheLimit()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: oom
            nodes:
              - id: grow
                type: transform
                with:
                  n: ${{ len(join(map(range(0, 499999), x => '{{{new string('z', 1000)}}}'), '')) }}
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.StartsWith("node 'grow' failed: input 'n': expression result exceeds 16 MB (STEPWISE_MAX_VALUE)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WorkflowTimeoutDuringCpuBoundExpression_TimesOutPromptly()
    {
        await using var harness = new EngineHarness(Unbounded());

        var run = Task.Run(() => harness.StartAsync($$"""
            name: spin
            timeout: 20s
            nodes:
              - id: spin
                type: transform
                with: { n: "{{Endless}}" }
            """));
        var finished = await AdvanceUntilAsync(harness, run);

        Assert.Equal(ExecutionStatus.TimedOut, finished.Status);
    }

    [Fact]
    public async Task RunAsync_StepTimeoutDuringCpuBoundExpression_FailsTheStepAsTimedOut()
    {
        await using var harness = new EngineHarness(Unbounded());

        var run = Task.Run(() => harness.StartAsync($$"""
            name: spin_step
            nodes:
              - id: spin
                type: transform
                timeout: 2s
                with: { n: "{{Endless}}" }
            """));
        var finished = await AdvanceUntilAsync(harness, run);

        Assert.Equal(ExecutionStatus.Failed, finished.Status);
        Assert.Equal("node 'spin' failed: step timed out after 2s", finished.Error);
    }

    [Fact]
    public async Task RunAsync_HostShutdownDuringCpuBoundExpression_StopsAndStaysResumable()
    {
        await using var harness = new EngineHarness(Unbounded());
        using var host = new CancellationTokenSource();

        var run = Task.Run(() => harness.StartAsync($$"""
            name: spin_host
            nodes:
              - id: spin
                type: transform
                with: { n: "{{Endless}}" }
            """, host: host.Token));
        await Task.Delay(200);
        await host.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task RunAsync_ForeachWiderThanTheLimit_FailsBeforeAnyItemRuns()
    {
        await using var harness = new EngineHarness(Unbounded(new RunBudgets { MaxForeachItems = 5 }));

        var run = await harness.RunAsync("""
            name: wide
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 6) }}
                  node: { type: probe, with: { value: "${{ item }}" } }
            """);

        Assert.Equal("node 'each' failed: input 'items' has 6 items, over the limit of 5 (STEPWISE_MAX_FOREACH)", run.Error);
        Assert.Equal(0, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunAsync_MoreStepsThanTheLimit_FailsTheStepOverIt()
    {
        await using var harness = new EngineHarness(Unbounded(new RunBudgets { MaxSteps = 4 }));

        var run = await harness.RunAsync("""
            name: many
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 5) }}
                  max_parallel: 1
                  node: { type: probe, with: { value: "${{ item }}" } }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Contains("run exceeds 4 steps (STEPWISE_MAX_STEPS)", run.Error, StringComparison.Ordinal);
        Assert.Equal(3, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunAsync_LogOverTheRunBudget_FailsTheStepAndDropsTheLines()
    {
        await using var harness = new EngineHarness(Unbounded(new RunBudgets { MaxLogBytes = 2500 }));

        var run = await harness.RunAsync("""
            name: chatty
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 5) }}
                  max_parallel: 1
                  node: { type: log, with: { message: "${{ join(map(range(0, 1000), i => 'x'), '') }}" } }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Contains("run log exceeds 2.4 KB (STEPWISE_MAX_RUN_LOG)", run.Error, StringComparison.Ordinal);
        Assert.Equal(2, (await harness.Store.GetLogsAsync(run.Id)).Count);
    }

    [Fact]
    public async Task RunAsync_RunOutputOverThePayloadLimit_FailsTheRun()
    {
        await using var harness = new EngineHarness(new EngineOptions { MaxPayloadBytes = 1024, LeaseDuration = TimeSpan.FromDays(1) });

        var run = await harness.RunAsync("""
            name: big_output
            nodes:
              - id: a
                type: transform
                with: { v: 1 }
            output: ${{ join(map(range(0, 2000), i => 'x'), '') }}
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("output: run output is 2 KB, over the 1 KB limit", run.Error);
    }

    private static async Task<ExecutionRecord> AdvanceUntilAsync(EngineHarness harness, Task<ExecutionRecord> run)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (!run.IsCompleted && watch.Elapsed < TimeSpan.FromSeconds(15))
        {
            harness.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(run, Task.Delay(50));
        }

        Assert.True(run.IsCompleted, "the run did not stop within 15 s of wall time");
        return await run;
    }
}
