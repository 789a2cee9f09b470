using System.Text.Json.Nodes;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;
using Stepwise.Storage;

namespace Stepwise.Workspace.Tests.Support;

/// <summary>
/// A real store as the engine sees it through a database that has outages: every call passes to the store unless a
/// planned outage fails it first, once, the way a restarting or locked database (<see cref="StorageBusyException"/>)
/// or a full or read-only one (<see cref="StorageFaultException"/>) fails a call. The outside world's part, faked.
/// </summary>
internal sealed class FlakyStorage(StepwiseStorage storage) : IExecutionStore, IExecutionJournal, ISignalStore
{
    private readonly Lock _gate = new();
    private readonly List<(Func<object, bool> Matches, Exception Fault)> _outages = [];

    /// <summary>How many calls an outage failed.</summary>
    public int Failed { get; private set; }

    /// <summary>Fails the next call whose argument (a journal entry, a new run, a signal wait) matches, with <paramref name="fault"/>.</summary>
    public void FailOnce<T>(Func<T, bool> matches, Exception fault) =>
        Plan(argument => argument is T typed && matches(typed), fault);

    public static Exception Fault(string kind) => kind switch
    {
        "busy" => new StorageBusyException("Writing a step failed: the database is locked (SQLITE_BUSY)"),
        "full" => new StorageFaultException(
            "Writing a step failed: the store cannot keep it: the disk is full (SQLITE_FULL).",
            "the disk is full (SQLITE_FULL)",
            new IOException("disk full")),
        "read_only" => new StorageFaultException(
            "Writing a step failed: the store cannot keep it: the database is read-only (SQLITE_READONLY).",
            "the database is read-only (SQLITE_READONLY)",
            new IOException("read-only file system")),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "busy, full or read_only"),
    };

    private void Plan(Func<object, bool> matches, Exception fault)
    {
        lock (_gate)
        {
            _outages.Add((matches, fault));
        }
    }

    private void ThrowIfOut(object argument)
    {
        lock (_gate)
        {
            var index = _outages.FindIndex(o => o.Matches(argument));
            if (index < 0)
            {
                return;
            }

            var fault = _outages[index].Fault;
            _outages.RemoveAt(index);
            Failed++;
            throw fault;
        }
    }

    public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        ThrowIfOut(entry);
        return storage.Journal.AppendAsync(entry, cancellationToken);
    }

    public Task CreateExecutionAsync(ExecutionRecord execution, CancellationToken cancellationToken = default)
    {
        ThrowIfOut(execution);
        return storage.Executions.CreateExecutionAsync(execution, cancellationToken);
    }

    public Task CreateClaimedExecutionAsync(
        ExecutionRecord execution, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default)
    {
        ThrowIfOut(execution);
        return storage.Executions.CreateClaimedExecutionAsync(execution, owner, leaseUntil, cancellationToken);
    }

    public Task<ExecutionRecord?> GetExecutionAsync(string id, CancellationToken cancellationToken = default) =>
        storage.Executions.GetExecutionAsync(id, cancellationToken);

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(string executionId, CancellationToken cancellationToken = default) =>
        storage.Executions.GetStepsAsync(executionId, cancellationToken);

    public Task<IReadOnlyList<ExecutionLogRecord>> GetLogsAsync(string executionId, CancellationToken cancellationToken = default) =>
        storage.Executions.GetLogsAsync(executionId, cancellationToken);

    public Task<bool> TryClaimAsync(string id, string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        storage.Executions.TryClaimAsync(id, owner, leaseUntil, cancellationToken);

    public Task<IReadOnlyList<string>> RenewLeasesAsync(string owner, DateTimeOffset leaseUntil, CancellationToken cancellationToken = default) =>
        storage.Executions.RenewLeasesAsync(owner, leaseUntil, cancellationToken);

    public Task ReleaseAsync(string id, string owner, CancellationToken cancellationToken = default) =>
        storage.Executions.ReleaseAsync(id, owner, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ListResumableAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        storage.Executions.ListResumableAsync(now, limit, cancellationToken);

    public Task<IReadOnlyList<ExecutionRecord>> ClaimResumableAsync(
        string owner, DateTimeOffset leaseUntil, int limit, CancellationToken cancellationToken = default) =>
        storage.Executions.ClaimResumableAsync(owner, leaseUntil, limit, cancellationToken);

    public Task<int> ExpireLeasesAsync(string ownerPrefix, string currentOwner, CancellationToken cancellationToken = default) =>
        storage.Executions.ExpireLeasesAsync(ownerPrefix, currentOwner, cancellationToken);

    public Task<(SignalWait Wait, bool Created)> BeginWaitAsync(SignalWait wait, CancellationToken cancellationToken = default)
    {
        ThrowIfOut(wait);
        return storage.Signals.BeginWaitAsync(wait, cancellationToken);
    }

    public Task<SignalWait?> GetAsync(string executionId, string name, CancellationToken cancellationToken = default) =>
        storage.Signals.GetAsync(executionId, name, cancellationToken);

    public Task<SignalDelivery> SendAsync(
        string orgId, string executionId, string name, JsonNode? payload, string sentBy, DateTimeOffset at,
        CancellationToken cancellationToken = default) =>
        storage.Signals.SendAsync(orgId, executionId, name, payload, sentBy, at, cancellationToken);

    public Task<SignalWait> TimeOutAsync(string executionId, string name, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        storage.Signals.TimeOutAsync(executionId, name, at, cancellationToken);

    public Task<bool> ParkAsync(
        string executionId, string owner, DateTimeOffset resumeAt, IReadOnlyCollection<string> names, DateTimeOffset now,
        CancellationToken cancellationToken = default) =>
        storage.Signals.ParkAsync(executionId, owner, resumeAt, names, now, cancellationToken);

    public Task<IReadOnlyList<SignalWait>> ListAsync(SignalWaitQuery query, CancellationToken cancellationToken = default) =>
        storage.Signals.ListAsync(query, cancellationToken);

    public Task<IReadOnlyList<SignalWait>> ListForExecutionAsync(string executionId, CancellationToken cancellationToken = default) =>
        storage.Signals.ListForExecutionAsync(executionId, cancellationToken);
}
