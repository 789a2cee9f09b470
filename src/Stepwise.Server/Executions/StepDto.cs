using System.Text.Json.Nodes;

namespace Stepwise.Server.Executions;

/// <summary>
/// One step of a run (a node, a foreach item <c>node[i]</c> or a compensation <c>node#compensate</c>): the state of
/// its latest attempt, and every attempt.
/// </summary>
internal sealed record StepDto(
    string StepId,
    string NodeId,
    string Status,
    int Attempts,
    JsonNode? Output,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationMs,
    IReadOnlyList<StepAttemptDto> AttemptHistory);
