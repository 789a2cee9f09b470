namespace Stepwise.Core.Storage;

/// <summary>
/// Queue administration over an organization's runs: the runs of one status in the order workers take them, and
/// the purge of finished runs with their steps and logs. Kept apart from <see cref="IExecutionStore"/>, which the
/// engine needs.
/// </summary>
public interface IExecutionAdmin
{
    /// <summary>
    /// The runs of <see cref="QueueQuery.Status"/>: unfinished ones in the order workers take them (highest priority,
    /// then oldest), finished ones newest first; with how many runs have that status in all.
    /// </summary>
    Task<QueuePage> ListAsync(QueueQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes the runs the query selects (of a finished status, finished before its cutoff), with their steps and
    /// logs, in bounded batches; returns how many runs went.
    /// </summary>
    Task<int> PurgeAsync(PurgeQuery query, CancellationToken cancellationToken = default);
}
