namespace Stepwise.Server.Queue;

/// <summary>The answer of <c>POST /api/v1/admin/jobs/purge</c>: how many runs of the status finished before the cutoff went.</summary>
internal sealed record PurgeResult(string Status, string OlderThan, DateTimeOffset FinishedBefore, int Purged);
