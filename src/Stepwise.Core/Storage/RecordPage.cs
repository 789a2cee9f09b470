namespace Stepwise.Core.Storage;

/// <summary>One page of records; <see cref="Next"/> is null on the last page.</summary>
public sealed record RecordPage(IReadOnlyList<StoredRecord> Items, RecordCursor? Next);
