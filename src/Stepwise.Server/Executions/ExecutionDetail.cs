using System.Text.Json.Nodes;

namespace Stepwise.Server.Executions;

/// <summary>A run with its params, outcome, timings and every step with its attempts.</summary>
internal sealed record ExecutionDetail(
    string Id,
    string Workflow,
    int Version,
    string Status,
    JsonObject Params,
    JsonNode? Output,
    string? Error,
    string? ParentExecutionId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double? DurationMs,
    IReadOnlyList<StepDto> Steps);
