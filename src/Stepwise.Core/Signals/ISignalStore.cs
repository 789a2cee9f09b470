using System.Text.Json.Nodes;

namespace Stepwise.Core.Signals;

/// <summary>
/// Durable waits for named signals, and the parking of runs that wait. A run that has nothing left to do but wait
/// is parked: its lease is given up and it becomes claimable again at its earliest due time, or at once when a
/// signal answers one of its waits, by any node sharing the database. Nothing about a wait lives in a process's
/// memory. The approval action uses it; a code-first <c>WaitForSignalAsync</c> is <see cref="BeginWaitAsync"/>, then
/// the payload when received, else a park.
/// </summary>
public interface ISignalStore
{
    /// <summary>
    /// Records that a step waits for the signal <see cref="SignalWait.Name"/> of its run. Idempotent: when the wait
    /// exists already (a resumed run), it is returned as stored, perhaps answered meanwhile, with
    /// <c>Created</c> false.
    /// </summary>
    Task<(SignalWait Wait, bool Created)> BeginWaitAsync(SignalWait wait, CancellationToken cancellationToken = default);

    Task<SignalWait?> GetAsync(string executionId, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers a waiting wait of an unfinished run of <paramref name="orgId"/> with <paramref name="payload"/>, and
    /// wakes the run (on PostgreSQL every node hears of it). Only the first answer counts.
    /// </summary>
    Task<SignalDelivery> SendAsync(
        string orgId, string executionId, string name, JsonNode? payload, string sentBy, DateTimeOffset at,
        CancellationToken cancellationToken = default);

    /// <summary>Ends a wait by its timeout unless a signal answered it first; returns the wait as it stands.</summary>
    Task<SignalWait> TimeOutAsync(string executionId, string name, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Gives up <paramref name="owner"/>'s lease of the run so that it sleeps until <paramref name="resumeAt"/>, or
    /// wakes at once when one of <paramref name="names"/> was answered meanwhile. Written after everything the run
    /// appended to the journal before. False when the owner no longer held the run.
    /// </summary>
    Task<bool> ParkAsync(
        string executionId, string owner, DateTimeOffset resumeAt, IReadOnlyCollection<string> names, DateTimeOffset now,
        CancellationToken cancellationToken = default);

    /// <summary>The waits of an organization (by default those still waiting), oldest first.</summary>
    Task<IReadOnlyList<SignalWait>> ListAsync(SignalWaitQuery query, CancellationToken cancellationToken = default);

    /// <summary>Every wait of one run, oldest first.</summary>
    Task<IReadOnlyList<SignalWait>> ListForExecutionAsync(string executionId, CancellationToken cancellationToken = default);
}
