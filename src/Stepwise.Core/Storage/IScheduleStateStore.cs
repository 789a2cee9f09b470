namespace Stepwise.Core.Storage;

/// <summary>
/// The last-fired time of each schedule: the instant up to which every tick of the schedule has been fired (or,
/// after downtime, deliberately folded into one catch-up run). Updates are compare-and-set, so when several nodes
/// share the store each tick is claimed by exactly one of them.
/// </summary>
public interface IScheduleStateStore
{
    /// <summary>The last-fired time, or null when the schedule has never been seen.</summary>
    Task<DateTimeOffset?> GetLastFiredAsync(ScheduleKey key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sets the last-fired time to <paramref name="lastFired"/> only if it is still <paramref name="expected"/> (null:
    /// no row yet). Returns true when this call made the change, false when another caller changed it first. Times
    /// are kept to the millisecond.
    /// </summary>
    Task<bool> TrySetLastFiredAsync(
        ScheduleKey key, DateTimeOffset? expected, DateTimeOffset lastFired, CancellationToken cancellationToken = default);

    /// <summary>Forgets every schedule of a workflow (when the workflow is deleted); returns how many were removed.</summary>
    Task<int> DeleteWorkflowAsync(string orgId, string workflow, CancellationToken cancellationToken = default);
}
