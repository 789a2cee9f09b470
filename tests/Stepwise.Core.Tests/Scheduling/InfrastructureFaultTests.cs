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

    [Fact]
    public async Task JournalLosesAStepsCompletion_NothingNewStartsAndTheRunIsNotRecordedFinishedOverTheHole()
    {
        const string twoSteps = """
            name: two_steps
            nodes:
              - { id: first, type: probe }
              - { id: last, type: probe }
            connections:
              - { from: first, to: last }
            """;
        await using var harness = new EngineHarness();
        harness.Journal.FailOnce(
            entry => entry is StepWritten { Step: { StepId: "first", Status: StepStatus.Succeeded } },
            new StorageBusyException("Writing a step failed: the database could not be reached (connection refused)"));

        await Assert.ThrowsAsync<StorageBusyException>(() => harness.StartAsync(twoSteps).WaitAsync(TimeSpan.FromSeconds(30)));

        var execution = Assert.Single(await harness.Store.ListResumableAsync(harness.Time.GetUtcNow(), 10));
        Assert.Equal(ExecutionStatus.Running, execution.Status);
        Assert.Equal(["first"], harness.Probe.Started);

        var resumed = await harness.Restart().RunExecutionAsync(execution.Id).WaitAsync(TimeSpan.FromSeconds(30));

        // The journal never held "first" as done, so it runs again; then "last", once.
        Assert.Equal(ExecutionStatus.Succeeded, resumed!.Status);
        Assert.Equal(["first", "first", "last"], harness.Probe.Started);
    }

    [Fact]
    public async Task CodeStepThrowsAStorageExceptionOfItsOwn_ItIsThatStepsFailureNotTheEngines()
    {
        // Only the engine's own calls count as infrastructure: a step function's exception is its outcome, whatever
        // its type (workspace code cannot even name the engine's storage exceptions; a host's ICodeWorkflow can).
        await using var harness = new EngineHarness();
        var definition = harness.Load("""
            name: own_store
            nodes:
              - { id: unused, type: probe }
            """) with { Nodes = [], Code = new OwnStoreWorkflow() };
        var version = harness.Workflows.Add(definition);

        var run = await harness.Engine.RunAsync(definition, version, null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("step 'query' failed: StorageBusyException: their database is locked", run.Error);
        Assert.Empty(await harness.Store.ListResumableAsync(harness.Time.GetUtcNow(), 10));
    }

    /// <summary>A code workflow whose step queries a database of its own, which is locked.</summary>
    private sealed class OwnStoreWorkflow : ICodeWorkflow
    {
        public string CodeVersion => "test";

        public Task<JsonNode?> RunAsync(ICodeRun run) =>
            run.StepAsync("query", _ => throw new StorageBusyException("their database is locked"));
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
