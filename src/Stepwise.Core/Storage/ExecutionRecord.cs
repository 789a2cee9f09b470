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
    /// <summary>
    /// <c>trigger</c> as the run's expressions see it (type, and for webhooks headers and query), stored with the run
    /// so a resumed run sees what the first attempt saw; null for runs started without one.
    /// </summary>
    public JsonObject? Trigger { get; init; }

    public bool IsFinished => IsFinal(Status);

    /// <summary>Whether a run in <paramref name="status"/> has finished (<see cref="IsFinished"/>).</summary>
    public static bool IsFinal(ExecutionStatus status) => status is ExecutionStatus.Succeeded or ExecutionStatus.Failed
        or ExecutionStatus.Cancelled or ExecutionStatus.TimedOut or ExecutionStatus.Compensated;
}
