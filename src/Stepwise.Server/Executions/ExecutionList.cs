namespace Stepwise.Server.Executions;

/// <summary>A page of runs, newest first; pass <see cref="NextCursor"/> as <c>?cursor=</c> for the next page.</summary>
internal sealed record ExecutionList(IReadOnlyList<ExecutionSummary> Items, string? NextCursor);
