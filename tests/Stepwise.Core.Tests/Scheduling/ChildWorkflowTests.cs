using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class ChildWorkflowTests
{
    [Fact]
    public async Task RunAsync_ProcessAllExample_RunsBatchesAsChildren()
    {
        await using var harness = new EngineHarness();
        harness.Register(RepoPaths.ReadExample("process_batch.yaml"));

        var run = await harness.RunAsync(
            RepoPaths.ReadExample("process_all.yaml"), new JsonObject { ["items"] = new JsonArray(1, 2, 3, 4, 5, 6, 7) });

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        Assert.Equal("""{"processed":7,"batches":3}""", run.Output!.ToJsonString());
        var children = harness.Store.ListExecutions().Where(e => e.ParentExecutionId == run.Id).ToList();
        Assert.Equal(3, children.Count);
        Assert.All(children, c => Assert.Equal((ExecutionStatus.Succeeded, "process_batch"), (c.Status, c.Workflow)));
        Assert.Contains(children, c => c.ParentStepId == "batches[2]");
    }

    [Fact]
    public async Task RunAsync_ChildFails_ParentStepFailsWithChildError()
    {
        await using var harness = new EngineHarness();
        harness.Register("""
            name: child
            nodes: [{ id: boom, type: fail, with: { message: nope } }]
            """);

        var run = await harness.RunAsync("""
            name: parent
            nodes:
              - { id: call, type: workflow, with: { workflow: child } }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("node 'call' failed: workflow 'child' failed: node 'boom' failed: nope", run.Error);
    }

    [Fact]
    public async Task RunAsync_UnknownChild_FailsWithNotFound()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: orphan
            nodes:
              - { id: call, type: workflow, with: { workflow: nobody } }
            """);

        Assert.Equal("node 'call' failed: workflow 'nobody' not found", run.Error);
    }

    [Fact]
    public async Task RunAsync_NoWait_ReturnsChildIdAndChildRunsInBackground()
    {
        await using var harness = new EngineHarness();
        harness.Register("""
            name: child
            params: [{ name: n, type: int, required: true }]
            nodes: [{ id: twice, type: transform, with: { v: "${{ params.n * 2 }}" } }]
            output: ${{ nodes.twice.output.v }}
            """);

        var run = await harness.RunAsync("""
            name: parent
            nodes:
              - { id: call, type: workflow, with: { workflow: child, input: { n: 21 }, wait: false } }
            output: ${{ nodes.call.output }}
            """);
        await harness.Engine.WhenBackgroundIdleAsync().WaitAsync(TimeSpan.FromSeconds(20));

        var childId = run.Output!["execution_id"]!.GetValue<string>();
        var child = await harness.Store.GetExecutionAsync(childId);
        Assert.Equal((ExecutionStatus.Succeeded, "42", run.Id), (child!.Status, child.Output!.ToJsonString(), child.ParentExecutionId));
    }
}
