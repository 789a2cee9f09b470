namespace Stepwise.Core.Storage;

/// <summary>Runs of one status, and how many runs have that status in all (the queue's depth for pending).</summary>
public sealed record QueuePage(IReadOnlyList<ExecutionRecord> Items, int Total);
