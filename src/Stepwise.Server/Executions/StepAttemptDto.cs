using System.Text.Json.Nodes;

namespace Stepwise.Server.Executions;

/// <summary>One attempt of a step.</summary>
internal sealed record StepAttemptDto(
    int Attempt,
    string Status,
    JsonNode? Input,
    JsonNode? Output,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationMs,
    DateTimeOffset? DueAt);
