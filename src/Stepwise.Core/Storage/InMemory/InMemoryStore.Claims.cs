namespace Stepwise.Core.Storage.InMemory;

public sealed partial class InMemoryStore
{
    public Task<IReadOnlyList<ExecutionRecord>> ClaimResumableAsync(
        string owner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(owner);
        if (limit < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), limit, "The limit of runs to claim must be at least 1.");
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var claimed = _executions.Values
                .Where(e => !e.Record.IsFinished && (e.LeaseOwner is null || e.LeaseUntil <= now))
                .OrderByDescending(e => e.Record.Priority)
                .ThenBy(e => e.Record.CreatedAt)
                .ThenBy(e => e.Record.Id, StringComparer.Ordinal)
                .Take(limit)
                .ToList();
            foreach (var execution in claimed)
            {
                execution.LeaseOwner = owner;
                execution.LeaseUntil = leaseUntil;
            }

            return Task.FromResult<IReadOnlyList<ExecutionRecord>>([.. claimed.Select(e => e.Record)]);
        }
    }

    public Task<int> ExpireLeasesAsync(string ownerPrefix, string currentOwner, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ownerPrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(currentOwner);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var ended = 0;
            foreach (var execution in _executions.Values)
            {
                if (!execution.Record.IsFinished && execution.LeaseOwner is { } owner && execution.LeaseUntil > now
                    && owner.StartsWith(ownerPrefix, StringComparison.Ordinal) && !owner.StartsWith(currentOwner, StringComparison.Ordinal))
                {
                    execution.LeaseUntil = now;
                    ended++;
                }
            }

            return Task.FromResult(ended);
        }
    }
}
