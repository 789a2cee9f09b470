namespace Stepwise.Core.Storage;

/// <summary>
/// A page of an organization's records, filtered exactly by status, category and source, sorted, after
/// <see cref="Offset"/> records or after <see cref="After"/> (the cursor of the previous page; not both).
/// </summary>
public sealed record RecordListQuery(
    string OrgId,
    int Limit,
    RecordSortField SortBy = RecordSortField.CreatedAt,
    bool Descending = true,
    string? Status = null,
    string? Category = null,
    string? Source = null,
    int Offset = 0,
    RecordCursor? After = null);
