namespace Stepwise.Core.Storage.InMemory;

/// <summary>Schedule last-fired times in process memory, for a single node and for tests.</summary>
public sealed class InMemoryScheduleStateStore : IScheduleStateStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ScheduleKey, DateTimeOffset> _lastFired = [];

    public Task<DateTimeOffset?> GetLastFiredAsync(ScheduleKey key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            return Task.FromResult<DateTimeOffset?>(_lastFired.TryGetValue(key, out var value) ? value : null);
        }
    }

    public Task<bool> TrySetLastFiredAsync(
        ScheduleKey key, DateTimeOffset? expected, DateTimeOffset lastFired, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            DateTimeOffset? current = _lastFired.TryGetValue(key, out var value) ? value : null;
            if (Truncate(current) != Truncate(expected))
            {
                return Task.FromResult(false);
            }

            _lastFired[key] = Truncate(lastFired);
            return Task.FromResult(true);
        }
    }

    public Task<int> DeleteWorkflowAsync(string orgId, string workflow, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var removed = _lastFired.Keys.Where(key => key.OrgId == orgId && key.Workflow == workflow).ToList();
            foreach (var key in removed)
            {
                _lastFired.Remove(key);
            }

            return Task.FromResult(removed.Count);
        }
    }

    /// <summary>Keeps the millisecond precision of the durable stores, so both behave alike.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());

    private static DateTimeOffset? Truncate(DateTimeOffset? value) => value is { } time ? Truncate(time) : null;
}
