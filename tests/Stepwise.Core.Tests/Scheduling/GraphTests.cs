using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class GraphTests
{
    [Fact]
    public async Task RunAsync_GreetExample_ReturnsShapedOutput()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("greet.yaml"), new JsonObject { ["name"] = "Ada", ["n"] = 21 });

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("""{"doubled":42,"greeting":"hello Ada"}""", run.Output!.ToJsonString());
    }

    [Theory]
    [InlineData(250, "review")]
    [InlineData(50, "auto")]
    public async Task RunAsync_BranchExample_RunsOneBranchAndJoinsOnce(int amount, string route)
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("branch.yaml"), new JsonObject { ["amount"] = amount });

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal($$"""{"route":"{{route}}","amount":{{amount}}}""", run.Output!.ToJsonString());
        var steps = await harness.StepsAsync(run.Id);
        Assert.Single(steps, s => s.StepId == "done" && s.Status == StepStatus.Succeeded);
        var skipped = route == "review" ? "auto" : "review";
        Assert.Single(steps, s => s.StepId == skipped && s.Status == StepStatus.Skipped);
    }

    [Fact]
    public async Task RunAsync_Chain10Example_CountsToTen()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("chain10.yaml"));

        Assert.Equal("""{"count":10}""", run.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_TransformOutputReadTwiceDownstream_RecordsAndOutputAreWholeAndApart()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: shared
            nodes:
              - { id: a, type: transform, with: { x: "${{ 1 }}", list: "${{ [1, 2] }}" } }
              - { id: b, type: transform, with: { whole: "${{ nodes.a.output }}", again: "${{ nodes.a.output }}" } }
            output: ${{ nodes.b.output }}
            """);

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        const string a = """{"x":1,"list":[1,2]}""";
        Assert.Equal($$"""{"whole":{{a}},"again":{{a}}}""", run.Output!.ToJsonString());
        var steps = await harness.StepsAsync(run.Id);
        var first = steps.Single(s => s.StepId == "a");
        Assert.Equal(a, first.Input!.ToJsonString());
        Assert.Equal(a, first.Output!.ToJsonString());
        run.Output!["whole"]!["x"] = 99;
        Assert.Equal($$"""{"whole":{{a}},"again":{{a}}}""", steps.Single(s => s.StepId == "b").Output!.ToJsonString());
        Assert.Equal(a, first.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_Fanout40Example_SumsSquares()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("fanout40.yaml"));

        Assert.Equal("""{"sum":20540}""", run.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_AllPredecessorsSkipped_SkipsDownstreamChain()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: skips
            nodes:
              - { id: a, type: transform, with: { x: 1 } }
              - { id: b, type: transform, when: "${{ false }}", with: { x: 2 } }
              - { id: c, type: transform, with: { x: 3 } }
              - { id: d, type: transform, with: { x: 4 } }
            connections:
              - { from: a, to: b }
              - { from: b, to: c }
              - { from: c, to: d }
              - { from: a, to: d }
            """);

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        var steps = await harness.StepsAsync(run.Id);
        Assert.Equal(StepStatus.Skipped, steps.Single(s => s.StepId == "b").Status);
        Assert.Equal(StepStatus.Skipped, steps.Single(s => s.StepId == "c").Status);
        Assert.Equal(StepStatus.Succeeded, steps.Single(s => s.StepId == "d").Status);
        Assert.Equal("""{"d":{"x":4}}""", run.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_WhenReadsParams_SkipsOnlyWhenFalse()
    {
        await using var harness = new EngineHarness();
        const string yaml = """
            name: gated
            params: [{ name: go, type: bool, required: true }]
            nodes:
              - { id: maybe, type: transform, when: "${{ params.go }}", with: { ran: true } }
            """;

        var yes = await harness.RunAsync(yaml, new JsonObject { ["go"] = true });
        var no = await harness.RunAsync(yaml, new JsonObject { ["go"] = false });

        Assert.Equal("""{"maybe":{"ran":true}}""", yes.Output!.ToJsonString());
        Assert.Equal("{}", no.Output!.ToJsonString());
        Assert.Equal(StepStatus.Skipped, (await harness.StepsAsync(no.Id)).Single().Status);
    }

    [Fact]
    public async Task RunAsync_MaxParallelNodes_NeverRunsMoreAtOnce()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: wide
            max_parallel_nodes: 2
            nodes:
              - { id: start, type: transform, with: {} }
              - { id: p1, type: probe, with: { duration: 1s } }
              - { id: p2, type: probe, with: { duration: 1s } }
              - { id: p3, type: probe, with: { duration: 1s } }
              - { id: p4, type: probe, with: { duration: 1s } }
              - { id: p5, type: probe, with: { duration: 1s } }
            connections:
              - { from: start, to: p1 }
              - { from: start, to: p2 }
              - { from: start, to: p3 }
              - { from: start, to: p4 }
              - { from: start, to: p5 }
            """);

        var started = harness.Time.GetUtcNow();
        for (var second = 1; second <= 3; second++)
        {
            var due = started + TimeSpan.FromSeconds(second);
            await harness.Time.WaitForTimerAsync(d => d == due, $"probe due at +{second}s", count: second < 3 ? 2 : 1);
            harness.Time.Advance(due - harness.Time.GetUtcNow());
        }

        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(2, harness.Probe.MaxConcurrent);
        Assert.Equal(5, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunAsync_ContinueOnError_DownstreamSeesErrorOutput()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: tolerant
            nodes:
              - { id: broken, type: probe, continue_on_error: true, with: { fail_times: 1 } }
              - id: after
                type: transform
                with:
                  saw: ${{ nodes.broken.output.error }}
            output: ${{ nodes.after.output }}
            """);

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("""{"saw":"probe failed attempt 1"}""", run.Output!.ToJsonString());
    }

    [Fact]
    public async Task RunAsync_NodeFails_RunFailsAndLaterNodesNeverRun()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: stops
            nodes:
              - { id: first, type: fail, with: { message: card declined, code: PAYMENT_FAILED } }
              - { id: second, type: probe, with: {} }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("node 'first' failed: card declined", run.Error);
        Assert.Equal(0, harness.Probe.Calls);
        var stored = await harness.Store.GetExecutionAsync(run.Id);
        Assert.Equal(ExecutionStatus.Failed, stored!.Status);
        Assert.Equal(run.Error, stored.Error);
    }

    [Fact]
    public async Task RunAsync_MissingRequiredParam_FailsWithMessage()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync(RepoPaths.ReadExample("greet.yaml"), new JsonObject { ["n"] = 1 });

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("Missing required parameter: name", run.Error);
    }
}
