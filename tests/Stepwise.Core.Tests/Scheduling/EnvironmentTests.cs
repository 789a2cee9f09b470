using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class EnvironmentTests
{
    private const string Token = "s3cr3t-token-value";

    [Fact]
    public async Task RunAsync_SecretsUsed_ActionGetsValueButJournalNeverStoresIt()
    {
        await using var harness = new EngineHarness(services: new Environment());

        var run = await harness.RunAsync("""
            name: secretive
            nodes:
              - { id: say, type: log, with: { message: "using ${{ secrets.api_token }}" } }
              - { id: call, type: probe, with: { value: "Bearer ${{ secrets.api_token }}" } }
            output: ${{ nodes.call.output.value }}
            """);

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal($"Bearer {Token}", harness.Probe.LastInputs!["value"]!.GetValue<string>());
        Assert.Equal("using ***", Assert.Single(await harness.Store.GetLogsAsync(run.Id)).Message);
        var call = (await harness.StepsAsync(run.Id)).Single(s => s.StepId == "call");
        Assert.Equal("Bearer ***", call.Input!["value"]!.GetValue<string>());
        Assert.Equal("Bearer ***", call.Output!["value"]!.GetValue<string>());
        Assert.Equal("\"Bearer ***\"", (await harness.Store.GetExecutionAsync(run.Id))!.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_ConfigAndOrg_ComeFromTheEnvironment()
    {
        await using var harness = new EngineHarness(services: new Environment());

        var run = await harness.RunAsync("""
            name: configured
            nodes: [{ id: show, type: transform, with: { region: "${{ config.region }}", org: "${{ org.name }}" } }]
            output: ${{ nodes.show.output }}
            """);

        Assert.Equal("""{"region":"eu-west","org":"Acme"}""", run.Output!.ToJsonString());
    }

    [Theory]
    [InlineData("${{ secrets.nope }}", "Secret 'nope' not found")]
    [InlineData("key ${{ secrets.nope }}", "Secret 'nope' not found")]
    [InlineData("${{ config.api_endpoint }}", "Configuration key 'api_endpoint' not found for organization")]
    public async Task RunAsync_MissingOrganizationValue_FailsTheStepWithExactlyTheMessage(string input, string message)
    {
        await using var harness = new EngineHarness(services: new Environment());

        var run = await harness.RunAsync($$"""
            name: missing
            nodes: [{ id: read, type: transform, with: { value: "{{input}}" } }]
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal(message, (await harness.StepsAsync(run.Id)).Single(s => s.StepId == "read").Error);
    }

    [Fact]
    public async Task RunAsync_SecretInTheFailure_WaiterGetsTheRedactedError()
    {
        await using var harness = new EngineHarness(services: new Environment());

        var run = await harness.RunAsync("""
            name: leaky
            nodes: [{ id: boom, type: fail, with: { message: "refused ${{ secrets.api_token }}" } }]
            """);

        Assert.Equal("node 'boom' failed: refused ***", run.Error);
        Assert.Equal("node 'boom' failed: refused ***", (await harness.Store.GetExecutionAsync(run.Id))!.Error);
    }

    [Fact]
    public async Task CancelAsync_PendingRun_EndsCancelledWithoutRunning()
    {
        await using var harness = new EngineHarness();
        var workflow = harness.Register("""
            name: queued
            nodes: [{ id: work, type: probe, with: {} }]
            """);
        var pending = await harness.Engine.CreateExecutionAsync(workflow, null);

        Assert.True(await harness.Engine.CancelAsync(pending.Id));

        var stored = await harness.Store.GetExecutionAsync(pending.Id);
        Assert.Equal((ExecutionStatus.Cancelled, "Execution was cancelled"), (stored!.Status, stored.Error));
        Assert.Equal(ExecutionStatus.Cancelled, (await harness.Engine.RunExecutionAsync(pending.Id))!.Status);
        Assert.Equal(0, harness.Probe.Calls);
        Assert.False(await harness.Engine.CancelAsync(pending.Id));
        Assert.False(await harness.Engine.CancelAsync("no-such-run"));
    }

    [Fact]
    public async Task RunExecutionAsync_CreatedWithTrigger_EvaluatesTriggerFromTheStoredRun()
    {
        await using var harness = new EngineHarness();
        var workflow = harness.Register("""
            name: hooked
            nodes: [{ id: show, type: transform, with: { kind: "${{ trigger.type }}", event: "${{ trigger.headers.x_event }}" } }]
            output: ${{ nodes.show.output }}
            """);
        var trigger = new JsonObject { ["type"] = "webhook", ["headers"] = new JsonObject { ["x_event"] = "push" } };
        var pending = await harness.Engine.CreateExecutionAsync(workflow, null, new RunOptions { Trigger = trigger });

        // A new engine, as after a restart: the trigger can only come from the store.
        var run = await harness.Restart().RunExecutionAsync(pending.Id);

        Assert.Equal(ExecutionStatus.Succeeded, run!.Status);
        Assert.Equal("""{"kind":"webhook","event":"push"}""", run.Output!.ToJsonString());
    }

    [Fact]
    public void ChildId_SameStepAndAttempt_IsStableGuid()
    {
        var id = ExecutionRunner.ChildId("parent", "batches[2]", 1);

        Assert.True(Guid.TryParse(id, out _));
        Assert.Equal(id, ExecutionRunner.ChildId("parent", "batches[2]", 1));
        Assert.NotEqual(id, ExecutionRunner.ChildId("parent", "batches[2]", 2));
    }

    [Fact]
    public async Task Bug_13_scheduled_run_with_a_secret_threw_in_SecretRedactor()
    {
        // A schedule's trigger holds scheduled_at as a DateTimeOffset built in memory; once the run had read a
        // secret, redacting a step input holding that time threw, and the run only succeeded when recovery resumed it
        // from the store (where the time is text) seconds later.
        await using var harness = new EngineHarness(services: new Environment());
        var workflow = harness.Register("""
            name: scheduled
            nodes:
              - id: show
                type: transform
                with: { token: "${{ secrets.api_token }}", at: "${{ trigger.scheduled_at }}", started: "${{ execution.started_at }}" }
            output: ${{ nodes.show.output }}
            """);
        var due = new DateTimeOffset(2026, 12, 6, 4, 0, 0, TimeSpan.Zero);
        var trigger = new JsonObject { ["type"] = "schedule", ["trigger_id"] = "t1", ["scheduled_at"] = due };

        var created = await harness.Engine.CreateExecutionAsync(workflow, null, new RunOptions { Trigger = trigger });
        var run = await harness.Engine.RunCreatedAsync(created, workflow).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Succeeded, run!.Status);
        var show = (await harness.StepsAsync(run.Id)).Single(s => s.StepId == "show");
        Assert.Equal("***", show.Input!["token"]!.GetValue<string>());
        Assert.Equal(due, DateTimeOffset.Parse(show.Output!["at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    private sealed class Environment : IServiceProvider, IRunEnvironmentProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IRunEnvironmentProvider) ? this : null;

        public ValueTask<RunEnvironment> GetAsync(ExecutionRecord execution, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(new RunEnvironment(
                "Acme",
                new Lookup(new JsonObject { ["region"] = "eu-west" }),
                new Lookup(new JsonObject { ["api_token"] = Token })));
    }

    private sealed class Lookup(JsonObject values) : IValueLookup
    {
        public bool TryGet(string name, out JsonNode? value)
        {
            var found = values.TryGetPropertyValue(name, out var raw);
            value = raw?.DeepClone();
            return found;
        }
    }
}
