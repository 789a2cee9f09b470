using System.Text.Json.Nodes;

namespace Stepwise.Server.Executions;

/// <summary>A run as lists show it, and as a finished ?wait answers: status, outcome and timings.</summary>
internal sealed record ExecutionSummary(
    string Id,
    string Workflow,
    int Version,
    string Status,
    JsonNode? Output,
    string? Error,
    string? ParentExecutionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationMs);
