namespace Stepwise.Core.Storage;

/// <summary>
/// The read side of run state, plus the writes that must be durable on their own (creating a run, claiming it).
/// Claims carry an owner and a lease expiry so several processes can share one database: a run whose lease has
/// expired may be claimed by anyone. Journaling a finished status releases the run's lease in the same write.
/// </summary>
public interface IExecutionStore
{
    /// <summary>Creates a run (status pending); durable when the task completes.</summary>
    Task CreateExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a run (status pending) already claimed by <paramref name="owner"/> until <paramref name="leaseUntil"/>,
    /// for a host that runs it at once; durable when the task completes. Stores that can do it in one write should:
    /// this default takes two.
    /// </summary>
    async Task CreateClaimedExecutionAsync(
        ExecutionRecord execution, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        await CreateExecutionAsync(execution, cancellationToken).ConfigureAwait(false);
        if (!await TryClaimAsync(execution.Id, owner, leaseUntil, cancellationToken).ConfigureAwait(false))
        {
            throw new StorageConflictException($"Execution '{execution.Id}' was claimed by another owner as it was created.");
        }
    }

    Task<ExecutionRecord?> GetExecutionAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every recorded attempt of every step of a run, in the order they were written.</summary>
    Task<IReadOnlyList<StepRecord>> GetStepsAsync(string executionId, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<ExecutionLogRecord>> GetLogsAsync(string executionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims a run for <paramref name="owner"/> until <paramref name="leaseUntil"/> when it is unclaimed, its lease
    /// has expired, or the owner already holds it. False when another live owner holds it or it has finished.
    /// </summary>
    Task<bool> TryClaimAsync(string id, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    /// <summary>Extends the leases this owner holds; returns the ids it still holds.</summary>
    Task<IReadOnlyList<string>> RenewLeasesAsync(string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default);

    Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// Runs that are not finished and whose lease is free or expired at <paramref name="now"/>: work left behind by
    /// a process that died, or never started. Highest priority first, then oldest.
    /// </summary>
    Task<IReadOnlyList<ExecutionRecord>> ListResumableAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="limit"/> of the runs <see cref="ListResumableAsync"/> would list now (highest
    /// priority first, then oldest) for <paramref name="owner"/> until <paramref name="leaseUntil"/>, in one atomic
    /// step: several processes claiming at once never get the same run. Returns the claimed runs in that order.
    /// </summary>
    Task<IReadOnlyList<ExecutionRecord>> ClaimResumableAsync(
        string owner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends now the leases of unfinished runs whose owner starts with <paramref name="ownerPrefix"/> and not with
    /// <paramref name="currentOwner"/>: those of earlier processes of this node, known to be dead. Their runs become
    /// claimable at once. Returns how many leases ended. An empty prefix ends every lease but the current owner's:
    /// <c>stepwise db restore</c> does so, since a restored store is held by no live process.
    /// </summary>
    Task<int> ExpireLeasesAsync(string ownerPrefix, string currentOwner, CancellationToken cancellationToken = default);
}
