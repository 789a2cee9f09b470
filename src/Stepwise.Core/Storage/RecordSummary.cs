namespace Stepwise.Core.Storage;

/// <summary>
/// Counts of an organization's records: in all, by status, by category, and per UTC day of creation since
/// <see cref="Since"/> (days without records are absent).
/// </summary>
public sealed record RecordSummary(
    long Total,
    IReadOnlyDictionary<string, long> ByStatus,
    IReadOnlyDictionary<string, long> ByCategory,
    DateTimeOffset Since,
    IReadOnlyList<RecordDayCount> PerDay);
