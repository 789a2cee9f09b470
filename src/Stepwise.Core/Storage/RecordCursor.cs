namespace Stepwise.Core.Storage;

/// <summary>
/// Where a page of records ended: the sort key of its last record (<see cref="Text"/> for status, category and
/// source, <see cref="UpdatedAt"/> for updated_at; neither for created_at), then its creation time (unix
/// milliseconds) and id, which break ties.
/// </summary>
public sealed record RecordCursor(string? Text, long? UpdatedAt, long CreatedAt, string Id);
