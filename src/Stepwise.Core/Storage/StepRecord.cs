using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>
/// One attempt of one step. <see cref="StepId"/> is the node id, <c>node[3]</c> for a foreach item, or
/// <c>node#compensate</c> for a compensation. <see cref="DueAt"/> is set for durable timers (delay, retry backoff).
/// </summary>
public sealed record StepRecord(
    string ExecutionId,
    string StepId,
    string NodeId,
    int Attempt,
    StepStatus Status,
    JsonNode? Input,
    JsonNode? Output,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? DueAt);
