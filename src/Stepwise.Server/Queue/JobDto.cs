namespace Stepwise.Server.Queue;

/// <summary>A run as the queue shows it: what it runs, its priority, and where it stands.</summary>
internal sealed record JobDto(
    string Id,
    string Workflow,
    int Version,
    string Status,
    int Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string? ParentExecutionId);
