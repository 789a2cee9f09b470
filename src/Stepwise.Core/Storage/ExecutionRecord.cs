using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>One run of a workflow, pinned to the definition version it started with.</summary>
public sealed record ExecutionRecord(
    string Id,
    string OrgId,
    string Workflow,
    int Version,
    ExecutionStatus Status,
    int Priority,
    JsonObject Params,
    JsonNode? Output,
    string? Error,
    string? ParentExecutionId,
    string? ParentStepId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt)
{
    public bool IsFinished => Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed
        or ExecutionStatus.Cancelled or ExecutionStatus.TimedOut or ExecutionStatus.Compensated;
}
