using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

/// <summary>
/// A run's final output is handed to whoever waits for it without a copy while the run read no secret: these tests
/// hold that it is still the caller's own (no node shared with a step's recorded output), and that the execution and
/// org roots, built only when read, read as they always did.
/// </summary>
public sealed class RunOutputTests
{
    private const string Greet = """
        name: greet
        params:
          - { name: name, type: string, required: true }
          - { name: n, type: int, required: true }
        nodes:
          - id: shape
            type: transform
            with: { doubled: "${{ params.n * 2 }}", greeting: "hello ${{ params.name }}" }
        output: ${{ nodes.shape.output }}
        """;

    [Fact]
    public async Task RunAsync_OutputTemplateNoSecret_OutputIsTheCallersOwn()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(Greet, new JsonObject { ["name"] = "Ada", ["n"] = 21 });

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("""{"doubled":42,"greeting":"hello Ada"}""", run.Output!.ToJsonString());
        AssertOwned(run, Assert.Single(await harness.StepsAsync(run.Id)));
    }

    [Fact]
    public async Task RunAsync_SinkOutputsNoSecret_OutputIsTheCallersOwn()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: sinks
            nodes: [{ id: shape, type: transform, with: { doubled: 42, greeting: "hello Ada" } }]
            """);

        Assert.Equal("""{"shape":{"doubled":42,"greeting":"hello Ada"}}""", run.Output!.ToJsonString());
        var step = Assert.Single(await harness.StepsAsync(run.Id));
        Assert.NotSame(step.Output, run.Output!["shape"]);
        run.Output.AsObject().Remove("shape", out var detached);
        _ = new JsonObject { ["moved"] = detached };
        Assert.Equal("""{"doubled":42,"greeting":"hello Ada"}""", step.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_CodeWorkflowReturnsAStepsOutput_OutputIsACopy()
    {
        await using var harness = new EngineHarness();
        var definition = harness.Load("""
            name: code_output
            nodes:
              - { id: unused, type: probe }
            """) with { Nodes = [], Code = new ReturnsStepOutput() };
        var version = harness.Workflows.Add(definition);

        var run = await harness.Engine.RunAsync(definition, version, null).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("""{"doubled":42}""", run.Output!.ToJsonString());
        AssertOwned(run, Assert.Single(await harness.StepsAsync(run.Id)));
    }

    [Fact]
    public void RedactOwned_NoSecretRead_ReturnsTheNodeItself()
    {
        var redactor = new SecretRedactor(null);
        var output = new JsonObject { ["greeting"] = "hello" };

        Assert.Same(output, redactor.RedactOwned(output));
        Assert.NotSame(output, redactor.Redact(output));
    }

    [Fact]
    public void RedactOwned_SecretRead_ReturnsAMaskedCopy()
    {
        var redactor = new SecretRedactor(null);
        redactor.Conceal("s3cr3t-value");
        var output = new JsonObject { ["token"] = "Bearer s3cr3t-value", ["n"] = 1 };

        var redacted = redactor.RedactOwned(output);

        Assert.NotSame(output, redacted);
        Assert.Equal("""{"token":"Bearer ***","n":1}""", redacted!.ToJsonString());
        Assert.Equal("Bearer s3cr3t-value", output["token"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunAsync_ExpressionsReadExecutionAndOrg_SeeTheRunsValues()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: roots
            nodes:
              - id: show
                type: transform
                with:
                  id: ${{ execution.id }}
                  workflow: ${{ execution.workflow }}
                  version: ${{ execution.version }}
                  started_at: ${{ execution.started_at }}
                  execution: ${{ execution }}
                  org: ${{ org }}
                  org_name: ${{ org.name }}
              - id: each
                type: foreach
                with:
                  items: ${{ [1, 2] }}
                  node: { type: transform, with: { id: "${{ execution.id }}", org: "${{ org.id }}", item: "${{ item }}" } }
            output: { show: "${{ nodes.show.output }}", each: "${{ nodes.each.output }}" }
            """);

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        var started = JsonValue.Create(run.StartedAt!.Value).ToJsonString();
        var execution = $$"""{"id":"{{run.Id}}","workflow":"roots","version":{{run.Version}},"started_at":{{started}}}""";
        var org = $$"""{"id":"{{run.OrgId}}","name":"{{run.OrgId}}"}""";
        Assert.Equal(
            $$"""{"id":"{{run.Id}}","workflow":"roots","version":{{run.Version}},"started_at":{{started}},"execution":{{execution}},"org":{{org}},"org_name":"{{run.OrgId}}"}""",
            run.Output!["show"]!.ToJsonString());
        Assert.Equal(
            $$"""[{"id":"{{run.Id}}","org":"{{run.OrgId}}","item":1},{"id":"{{run.Id}}","org":"{{run.OrgId}}","item":2}]""",
            run.Output!["each"]!.ToJsonString());
    }

    [Fact]
    public void RunRoots_NotRead_AreNotBuilt_AndReadOnceAreShared()
    {
        var at = new DateTimeOffset(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);
        var roots = new RunRoots("exec_1", "greet", 3, at, "default", "Acme");
        var scope = new EvaluationScope { Run = roots };
        var item = scope.WithItem(JsonValue.Create(1), 0).WithCancellation(new CancellationTokenSource().Token);

        Assert.False(roots.IsBuilt);
        Assert.Same(scope.Execution, item.Execution);
        Assert.Same(scope.Org, item.Org);
        Assert.True(roots.IsBuilt);
        Assert.Equal("""{"id":"exec_1","workflow":"greet","version":3,"started_at":"2026-12-07T08:00:00+00:00"}""", scope.Execution!.ToJsonString());
        Assert.Equal("""{"id":"default","name":"Acme"}""", scope.Org!.ToJsonString());
        Assert.Equal("Acme", roots.OrgName);
    }

    [Fact]
    public void EvaluationScope_ExplicitExecutionAndOrg_WinOverTheRunsRoots()
    {
        var roots = new RunRoots("exec_1", "greet", 3, null, "default", "Acme");
        var scope = new EvaluationScope { Execution = new JsonObject { ["id"] = "other" }, Org = new JsonObject { ["id"] = "o" }, Run = roots };

        Assert.Equal("other", scope.WithItem(null, 0).Execution!["id"]!.GetValue<string>());
        Assert.Equal("o", scope.Org!["id"]!.GetValue<string>());
        Assert.False(roots.IsBuilt);
    }

    /// <summary>
    /// The output shares no node with the step's recorded output: a caller may attach it to a document of its own or
    /// change it, and the step's record stays as it was.
    /// </summary>
    private static void AssertOwned(ExecutionRecord run, StepRecord step)
    {
        var recorded = step.Output!.ToJsonString();
        Assert.NotSame(step.Output, run.Output);
        Assert.Null(run.Output!.Parent);
        var envelope = new JsonObject { ["output"] = run.Output };
        run.Output.AsObject()["doubled"] = 0;
        Assert.Equal(0, envelope["output"]!["doubled"]!.GetValue<int>());
        Assert.Equal(recorded, step.Output.ToJsonString());
        envelope.Remove("output");
    }

    /// <summary>A code workflow whose output is its step's output, as it came back.</summary>
    private sealed class ReturnsStepOutput : ICodeWorkflow
    {
        public string CodeVersion => "test";

        public Task<JsonNode?> RunAsync(ICodeRun run) =>
            run.StepAsync("shape", _ => Task.FromResult<JsonNode?>(new JsonObject { ["doubled"] = 42 }));
    }
}
