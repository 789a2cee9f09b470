namespace Stepwise.Server.Workflows;

internal sealed record WorkflowVersionDto(int Version, string ContentHash, DateTimeOffset CreatedAt);
