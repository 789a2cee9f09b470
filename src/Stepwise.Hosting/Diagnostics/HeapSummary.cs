namespace Stepwise.Hosting.Diagnostics;

/// <summary>What a heap snapshot found: every live object counted, and the types holding the most bytes first.</summary>
internal sealed record HeapSummary(DateTimeOffset TakenAt, int ProcessId, long Objects, long Bytes, int TypeCount, IReadOnlyList<HeapTypeStats> TopTypes);
