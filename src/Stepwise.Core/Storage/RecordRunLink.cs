namespace Stepwise.Core.Storage;

/// <summary>A run that processed a record (a record links to every run that processed it, newest first).</summary>
public sealed record RecordRunLink(string RecordId, string ExecutionId, DateTimeOffset CreatedAt);
