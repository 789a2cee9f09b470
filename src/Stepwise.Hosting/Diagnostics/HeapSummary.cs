namespace Stepwise.Hosting.Diagnostics;

/// <summary>
/// What a heap snapshot found: every live object counted, and the types holding the most bytes first (only those
/// whose name holds <see cref="TypeFilter"/> when one was given; the totals are always the whole heap's).
/// </summary>
internal sealed record HeapSummary(
    DateTimeOffset TakenAt,
    int ProcessId,
    long Objects,
    long Bytes,
    int TypeCount,
    string? TypeFilter,
    IReadOnlyList<HeapTypeStats> TopTypes);
