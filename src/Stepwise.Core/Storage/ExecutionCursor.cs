namespace Stepwise.Core.Storage;

/// <summary>Where a page of runs ended: the created_at and id of its last run.</summary>
public sealed record ExecutionCursor(DateTimeOffset CreatedAt, string Id);
