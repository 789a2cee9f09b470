using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests.Support;

/// <summary>Records with sensible defaults, so each test states only what it is about.</summary>
public static class Records
{
    public static ExecutionRecord Execution(
        string id,
        DateTimeOffset createdAt,
        int priority = 0,
        ExecutionStatus status = ExecutionStatus.Pending,
        string org = "default",
        string workflow = "orders") =>
        new(id, org, workflow, 1, status, priority, new JsonObject { ["order"] = id }, null, null, null, null,
            createdAt, null, null);

    public static StepRecord Step(
        string executionId,
        string stepId,
        DateTimeOffset startedAt,
        int attempt = 1,
        StepStatus status = StepStatus.Succeeded,
        JsonNode? output = null) =>
        new(executionId, stepId, stepId.Split('[', '#')[0], attempt, status, null, output, null, startedAt,
            status is StepStatus.Running or StepStatus.Pending ? null : startedAt.AddMilliseconds(5), null);

    public static void AssertJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"Expected {expected?.ToJsonString() ?? "null"} but got {actual?.ToJsonString() ?? "null"}.");
}
