namespace Stepwise.Server.Records;

/// <summary><c>GET /api/v1/reports/summary</c>: record totals by status and category, and per day over the window.</summary>
internal sealed record SummaryReport(
    long Total,
    IReadOnlyDictionary<string, long> ByStatus,
    IReadOnlyDictionary<string, long> ByCategory,
    DateTimeOffset Since,
    int Days,
    IReadOnlyList<SummaryDay> PerDay);
