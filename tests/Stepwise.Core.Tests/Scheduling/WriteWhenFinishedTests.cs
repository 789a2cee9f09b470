using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>
/// RunOptions.WriteWhenFinished (a sync webhook): a run of in-memory nodes is written once, whole, when it ends;
/// anything that must be durable earlier (a node that is not in-memory, a failed step, the window passing) writes
/// it as it stands, and it carries on row by row.
/// </summary>
public sealed class WriteWhenFinishedTests
{
    private const string Greet = """
        name: greet
        params:
          - { name: name, type: string, required: true }
        nodes:
          - id: shape
            type: transform
            with: { greeting: "hello ${{ params.name }}" }
          - id: note
            type: log
            with: { message: "greeted ${{ params.name }}" }
        connections: [{ from: shape, to: note }]
        output: ${{ nodes.shape.output }}
        """;

    private static readonly RunOptions Sync = new() { RunHere = true, WriteWhenFinished = true };

    [Fact]
    public async Task InMemoryNodes_EndingWithinTheWindow_AreWrittenOnceWholeWhenTheRunEnds()
    {
        await using var harness = new EngineHarness();
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register(Greet);

        var created = await engine.CreateExecutionAsync(workflow, new JsonObject { ["name"] = "Ada" }, Sync);
        Assert.Null(await harness.Store.GetExecutionAsync(created.Id));
        var run = await engine.RunCreatedAsync(created, workflow);

        Assert.Equal(ExecutionStatus.Succeeded, run!.Status);
        var entry = Assert.Single(journal.Entries);
        var whole = Assert.IsType<ExecutionWritten>(entry);
        Assert.Equal(ExecutionStatus.Succeeded, whole.Execution.Status);
        Assert.Null(whole.LeaseOwner);
        Assert.Equal(["shape", "note"], whole.Steps.Select(s => s.StepId));
        Assert.Contains(whole.Logs, line => line.Message.Contains("greeted Ada", StringComparison.Ordinal));

        var stored = await harness.Store.GetExecutionAsync(created.Id);
        Assert.Equal(ExecutionStatus.Succeeded, stored!.Status);
        Assert.Equal("hello Ada", stored.Output?["greeting"]?.GetValue<string>());
        Assert.NotNull(stored.StartedAt);
        Assert.NotNull(stored.FinishedAt);
        Assert.All(await harness.StepsAsync(created.Id), step => Assert.Equal(StepStatus.Succeeded, step.Status));
        Assert.False(await harness.Store.TryClaimAsync(created.Id, "another-node", harness.Time.GetUtcNow().AddMinutes(1)));
    }

    [Fact]
    public async Task StillGoingAfterTheWindow_IsWrittenAsItStandsThenRowByRow()
    {
        await using var harness = new EngineHarness(new EngineOptions
        {
            LeaseDuration = TimeSpan.FromDays(1),
            OwnerId = "test",
            WriteWholeWithin = TimeSpan.FromMilliseconds(50),
        });
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register(Greet);

        var created = await engine.CreateExecutionAsync(workflow, new JsonObject { ["name"] = "Ada" }, Sync);
        harness.Time.Advance(TimeSpan.FromMilliseconds(51));
        var run = await engine.RunCreatedAsync(created, workflow);

        Assert.Equal(ExecutionStatus.Succeeded, run!.Status);
        var first = Assert.IsType<ExecutionWritten>(journal.Entries[0]);
        Assert.Equal(ExecutionStatus.Pending, first.Execution.Status);
        Assert.Equal("test", first.LeaseOwner);
        Assert.Empty(first.Steps);
        Assert.DoesNotContain(journal.Entries.Skip(1), entry => entry is ExecutionWritten);
        Assert.IsType<ExecutionStatusWritten>(journal.Entries[^1]);
        Assert.Equal(ExecutionStatus.Succeeded, (await harness.Store.GetExecutionAsync(created.Id))!.Status);
        Assert.Equal(2, (await harness.StepsAsync(created.Id)).Length);
    }

    [Fact]
    public async Task FailedStep_IsWrittenBeforeTheFailureAndTheRunStoredFailed()
    {
        await using var harness = new EngineHarness();
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register("""
            name: failing
            nodes:
              - { id: shape, type: transform, with: { a: 1 } }
              - { id: stop, type: fail, with: { message: "no" } }
            connections: [{ from: shape, to: stop }]
            """);

        var created = await engine.CreateExecutionAsync(workflow, null, Sync);
        var run = await engine.RunCreatedAsync(created, workflow);

        Assert.Equal(ExecutionStatus.Failed, run!.Status);
        var whole = Assert.IsType<ExecutionWritten>(journal.Entries[0]);
        Assert.Equal(ExecutionStatus.Running, whole.Execution.Status);
        Assert.Equal(["shape"], whole.Steps.Select(s => s.StepId));
        var stored = await harness.Store.GetExecutionAsync(created.Id);
        Assert.Equal(ExecutionStatus.Failed, stored!.Status);
        Assert.Contains(await harness.StepsAsync(created.Id), step => step is { StepId: "stop", Status: StepStatus.Failed });
    }

    [Fact]
    public async Task NodeThatIsNotInMemory_TheRunIsWrittenAtCreation()
    {
        await using var harness = new EngineHarness();
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register("""
            name: probed
            nodes: [{ id: work, type: probe, with: { value: 1 } }]
            """);

        var created = await engine.CreateExecutionAsync(workflow, null, Sync);

        Assert.NotNull(await harness.Store.GetExecutionAsync(created.Id));
        var run = await engine.RunCreatedAsync(created, workflow);
        Assert.Equal(ExecutionStatus.Succeeded, run!.Status);
        Assert.DoesNotContain(journal.Entries, entry => entry is ExecutionWritten);
    }

    [Fact]
    public async Task WithoutWriteWhenFinished_InMemoryNodes_AreWrittenAtCreation()
    {
        await using var harness = new EngineHarness();
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register(Greet);

        var created = await engine.CreateExecutionAsync(workflow, new JsonObject { ["name"] = "Ada" }, new RunOptions { RunHere = true });

        Assert.NotNull(await harness.Store.GetExecutionAsync(created.Id));
        await engine.RunCreatedAsync(created, workflow);
        Assert.DoesNotContain(journal.Entries, entry => entry is ExecutionWritten);
    }

    [Fact]
    public async Task StartAudit_RidesWithTheRunsOneWrite()
    {
        await using var harness = new EngineHarness();
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register(Greet);
        var validated = ParamValidator.Validate(workflow.Definition.Params, new JsonObject { ["name"] = "Ada" });
        var audit = StartAudit("run-audited");
        Assert.True(engine.WritesWhole(workflow, validated, Sync));

        var created = await engine.CreateCheckedExecutionAsync(
            workflow, validated, Sync with { ExecutionId = "run-audited", StartAudit = audit });
        Assert.Empty(harness.Store.StartAudits);
        await engine.RunCreatedAsync(created, workflow);

        var whole = Assert.IsType<ExecutionWritten>(Assert.Single(journal.Entries));
        Assert.Same(audit, whole.StartAudit);
        Assert.Equal([audit], harness.Store.StartAudits);
    }

    [Fact]
    public async Task StartAudit_RidesWithTheFirstWriteWhenTheRunIsWrittenAsItStands()
    {
        await using var harness = new EngineHarness();
        var journal = new RecordingJournal(harness.Store);
        await using var engine = EngineOver(harness, journal);
        var workflow = harness.Register("""
            name: fails
            nodes:
              - { id: boom, type: fail, with: { message: "no" } }
            """);
        var validated = ParamValidator.Validate(workflow.Definition.Params, null);
        var audit = StartAudit("run-failing");

        var created = await engine.CreateCheckedExecutionAsync(
            workflow, validated, Sync with { ExecutionId = "run-failing", StartAudit = audit });
        await engine.RunCreatedAsync(created, workflow);

        // Written as it stands at the failed step, then row by row: the entry goes with that first write, once.
        Assert.Same(audit, journal.Entries.OfType<ExecutionWritten>().Single().StartAudit);
        Assert.Equal([audit], harness.Store.StartAudits);
    }

    [Fact]
    public async Task StartAudit_ForARunNotWrittenWhole_IsRefused()
    {
        await using var harness = new EngineHarness();
        await using var engine = EngineOver(harness, new RecordingJournal(harness.Store));
        var workflow = harness.Register(Greet);
        var validated = ParamValidator.Validate(workflow.Definition.Params, new JsonObject { ["name"] = "Ada" });
        var notWhole = new RunOptions { RunHere = true, StartAudit = StartAudit("run-refused") };
        Assert.False(engine.WritesWhole(workflow, validated, notWhole));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => engine.CreateCheckedExecutionAsync(workflow, validated, notWhole));

        Assert.Contains("written whole", refused.Message, StringComparison.Ordinal);
        Assert.Null(await harness.Store.GetExecutionAsync("run-refused"));
    }

    [Fact]
    public async Task HeldRunsOneWriteFails_TheRunFailsWithTheJournalsErrorOfTheSameKind_AndNothingIsStored()
    {
        await using var harness = new EngineHarness();
        var journal = new OutageJournal(harness.Store);
        journal.FailOnce(entry => entry is ExecutionWritten, new StorageBusyException("the database is locked"));
        await using var engine = new WorkflowEngine(
            harness.Actions, harness.Store, journal, harness.Workflows, harness.Time, harness.Options, null, NullLoggerFactory.Instance);
        var workflow = harness.Register(Greet);

        var created = await engine.CreateExecutionAsync(workflow, new JsonObject { ["name"] = "Ada" }, Sync);
        var failure = await Assert.ThrowsAsync<StorageBusyException>(() => engine.RunCreatedAsync(created, workflow));

        Assert.Equal("The journal failed to record the run: the database is locked", failure.Message);
        Assert.IsType<StorageBusyException>(failure.InnerException);
        Assert.Null(await harness.Store.GetExecutionAsync(created.Id));
    }

    private static AuditRecord StartAudit(string executionId) => new(
        "aud_" + executionId, "default", DateTimeOffset.UnixEpoch, "webhook", null, "execution.start", "execution", executionId,
        "success", null, null, "greet v1");

    private static WorkflowEngine EngineOver(EngineHarness harness, RecordingJournal journal) =>
        new(harness.Actions, harness.Store, journal, harness.Workflows, harness.Time, harness.Options, null, NullLoggerFactory.Instance);

    /// <summary>The in-memory store's journal, keeping the entries in the order appended.</summary>
    private sealed class RecordingJournal(InMemoryStore inner) : IExecutionJournal
    {
        private readonly ConcurrentQueue<JournalEntry> entries = new();

        public IReadOnlyList<JournalEntry> Entries => [.. entries];

        public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
        {
            entries.Enqueue(entry);
            return inner.AppendAsync(entry, cancellationToken);
        }
    }
}
