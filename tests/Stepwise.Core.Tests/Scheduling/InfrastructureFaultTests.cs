using System.Text.Json.Nodes;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Sdk;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>
/// Issue 21, item 7: a store that fails under a step (the database restarting, locked, in conflict) is not the step's
/// failure. The run never ends <c>failed</c> for it: it stops resumable, keeps what it journaled, and the next run of
/// it finishes the work, the interrupted step included.
/// </summary>
public sealed class InfrastructureFaultTests
{
    private const string ThreeSteps = """
        name: three_steps
        nodes:
          - { id: first, type: probe }
          - { id: reads_store, type: flaky_store }
          - { id: last, type: probe }
        connections:
          - { from: first, to: reads_store }
          - { from: reads_store, to: last }
        output: ${{ nodes.reads_store.output }}
        """;

    [Fact]
    public async Task StoreUnavailableUnderAStep_RunStopsResumableNotFailed_ThenFinishesOnTheNextRun()
    {
        var store = new FlakyStoreAction(failures: 1);
        await using var harness = new EngineHarness(extraActions: store);

        await Assert.ThrowsAsync<StorageBusyException>(() => harness.StartAsync(ThreeSteps).WaitAsync(TimeSpan.FromSeconds(30)));

        var execution = Assert.Single(await harness.Store.ListResumableAsync(harness.Time.GetUtcNow(), 10));
        Assert.Equal(ExecutionStatus.Running, execution.Status);
        Assert.DoesNotContain(await harness.StepsAsync(execution.Id), step => step.Status == StepStatus.Failed);
        Assert.Equal(["first"], harness.Probe.Started);

        var resumed = await harness.Restart().RunExecutionAsync(execution.Id).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Succeeded, resumed!.Status);
        Assert.Equal(2, store.Calls);
        Assert.Equal(["first", "last"], harness.Probe.Started);
    }

    [Fact]
    public async Task StoreUnavailableUnderOneOfParallelSteps_SiblingsFinishAndNothingNewStarts()
    {
        const string parallel = """
            name: parallel_steps
            nodes:
              - { id: slow, type: probe, with: { duration: 5s } }
              - { id: reads_store, type: flaky_store }
              - { id: after, type: probe }
            connections:
              - { from: slow, to: after }
              - { from: reads_store, to: after }
            """;
        var store = new FlakyStoreAction(failures: 1);
        await using var harness = new EngineHarness(extraActions: store);
        var run = harness.StartAsync(parallel);
        await harness.Time.WaitForTimerAsync(d => d > harness.Time.GetUtcNow(), "the slow step's wait");

        harness.Time.Advance(TimeSpan.FromSeconds(5));

        await Assert.ThrowsAsync<StorageBusyException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(["slow"], harness.Probe.Started);
        var execution = Assert.Single(await harness.Store.ListResumableAsync(harness.Time.GetUtcNow(), 10));
        var resumed = await harness.Restart().RunExecutionAsync(execution.Id).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(ExecutionStatus.Succeeded, resumed!.Status);
        Assert.Equal(["slow", "after"], harness.Probe.Started);
    }

    /// <summary>An action that reads the store, which is away for its first <c>failures</c> calls.</summary>
    private sealed class FlakyStoreAction(int failures) : IAction
    {
        private int _calls;

        public string Name => "flaky_store";

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<ActionInput> Inputs { get; } = [];

        public bool AcceptsAdditionalInputs => false;

        public DataType GetOutputType(ActionTypeContext context) => DataType.AnyObject;

        public ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default) =>
            Interlocked.Increment(ref _calls) <= failures
                ? throw new StorageBusyException("Reading signal 'x' failed: the database could not be reached (connection refused)")
                : ValueTask.FromResult(ActionResult.Success(new JsonObject { ["read"] = true }));
    }
}
