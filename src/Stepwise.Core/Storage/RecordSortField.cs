namespace Stepwise.Core.Storage;

/// <summary>What a list of records sorts by (ties broken by creation time, then id).</summary>
public enum RecordSortField
{
    CreatedAt,
    UpdatedAt,
    Status,
    Category,
    Source,
}
