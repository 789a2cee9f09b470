using System.Text.Json.Nodes;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Sdk;

namespace Stepwise.Core.Tests.Actions;

public sealed class BuiltInActionTests
{
    private static readonly Core.Actions.ActionRegistry Registry = BuiltInActions.CreateRegistry();

    private static IAction Get(string name) => Registry.TryGet(name, out var action) ? action : throw new KeyNotFoundException(name);

    private static ActionTypeContext Types(
        Dictionary<string, DataType>? inputs = null, Dictionary<string, JsonNode?>? constants = null) =>
        new(inputs ?? [], name => name == "child" ? DataType.Int : null, constants);

    [Fact]
    public void CreateRegistry_Default_HasEveryBuiltInAction() =>
        Assert.Equal(
            ["agent", "approval", "delay", "email", "fail", "foreach", "http", "log", "transform", "workflow"], Registry.Names);

    [Fact]
    public void GetOutputType_Transform_IsObjectOfInputTypes()
    {
        var type = Get("transform").GetOutputType(Types(new() { ["n"] = DataType.Int }));

        Assert.Equal(DataType.ObjectOf(new Dictionary<string, DataType> { ["n"] = DataType.Int }), type);
    }

    [Fact]
    public void GetOutputType_Foreach_IsArrayOfTemplateOutput()
    {
        var type = Get("foreach").GetOutputType(Types(new() { ["node"] = DataType.String }));

        Assert.Equal(DataType.ArrayOf(DataType.String), type);
        Assert.True(Get("foreach").Inputs.Single(i => i.Name == "node").IsTemplate);
    }

    [Fact]
    public void GetOutputType_WorkflowWithKnownChild_IsChildOutputType()
    {
        var workflow = Get("workflow");

        Assert.Equal(DataType.Int, workflow.GetOutputType(Types(constants: new() { ["workflow"] = "child" })));
        Assert.Equal(DataType.Any, workflow.GetOutputType(Types(constants: new() { ["workflow"] = "other" })));
        Assert.Equal(DataType.Any, workflow.GetOutputType(Types()));
        Assert.Equal("object", workflow.GetOutputType(
            Types(constants: new() { ["workflow"] = "child", ["wait"] = false })).ToString());
    }

    [Fact]
    public void GetOutputType_Http_HasStatusHeadersBody()
    {
        var type = Get("http").GetOutputType(Types());

        Assert.Equal(["body", "headers", "status"], type.Fields.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(DataType.Int, type.Fields["status"]);
    }

    [Fact]
    public async Task Log_WithLevelAndData_WritesToExecutionLog()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: logs
            nodes:
              - { id: say, type: log, with: { message: "hello", level: warning, data: { n: 1 } } }
            """);

        var line = Assert.Single(await harness.Store.GetLogsAsync(run.Id));
        Assert.Equal(("say", ExecutionLogLevel.Warning, "hello", """{"n":1}"""), (line.StepId, line.Level, line.Message, line.Data!.ToJsonString()));
        Assert.Null(run.Output!["say"]);
    }

    [Fact]
    public async Task Log_UnknownLevel_FailsNamingTheLevels()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: logs
            params: [{ name: level, type: string, required: true }]
            nodes:
              - { id: say, type: log, with: { message: "hi", level: "${{ params.level }}" } }
            """, new JsonObject { ["level"] = "loud" });

        Assert.Equal("node 'say' failed: input 'level' must be one of debug, info, warning, error, got 'loud'", run.Error);
    }

    [Fact]
    public async Task Fail_WithCode_FailsWithMessage()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: fails
            nodes: [{ id: no, type: fail, with: { message: "card declined", code: PAYMENT_FAILED } }]
            """);

        Assert.Equal((ExecutionStatus.Failed, "node 'no' failed: card declined"), (run.Status, run.Error));
    }

    [Fact]
    public async Task Delay_Duration_WaitsOnTheRunClockAndRecordsDueTime()
    {
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        var run = harness.StartAsync("""
            name: waits
            nodes: [{ id: nap, type: delay, with: { duration: PT2M } }]
            """);

        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(2));

        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal((ExecutionStatus.Succeeded, t0 + TimeSpan.FromMinutes(2)), (result.Status, result.FinishedAt));
    }
}
