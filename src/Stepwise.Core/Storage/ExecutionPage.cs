namespace Stepwise.Core.Storage;

/// <summary>One page of runs; <see cref="Next"/> is null on the last page.</summary>
public sealed record ExecutionPage(IReadOnlyList<ExecutionRecord> Items, ExecutionCursor? Next);
