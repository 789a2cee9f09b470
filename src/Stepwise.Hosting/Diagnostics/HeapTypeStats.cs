namespace Stepwise.Hosting.Diagnostics;

/// <summary>The live objects of one type in a heap snapshot: how many, and their own size (not what they hold).</summary>
internal sealed record HeapTypeStats(string Type, long Count, long Bytes);
