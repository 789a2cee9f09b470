using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>Records per organization, their processors (category to workflow) and the runs that processed them.</summary>
public interface IRecordStore
{
    /// <summary>Stores every record in one transaction, <c>pending</c>; returns them as stored.</summary>
    Task<IReadOnlyList<StoredRecord>> CreateAsync(IReadOnlyList<NewRecord> records, CancellationToken cancellationToken = default);

    Task<StoredRecord?> GetAsync(string orgId, string id, CancellationToken cancellationToken = default);

    Task<RecordPage> ListAsync(RecordListQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the record <c>processing</c> for a new run and links the run to it, if <paramref name="claim"/> allows
    /// (a conditional update: of two nodes claiming the same record at once, one wins); null when it does not.
    /// </summary>
    Task<StoredRecord?> ClaimAsync(RecordClaim claim, CancellationToken cancellationToken = default);

    /// <summary>
    /// Settles a record its run <paramref name="executionId"/> finished: <c>processed</c> with the output or
    /// <c>failed</c> with the error. Only while that run still holds it; null otherwise (a newer run took over).
    /// </summary>
    Task<StoredRecord?> CompleteAsync(
        string orgId, string id, string executionId, bool succeeded, JsonNode? output, string? error, DateTimeOffset now,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the record <c>failed</c> with <paramref name="error"/> without a run (its payload does not fit the
    /// workflow's params), under the same condition as a claim; null when the condition does not hold.
    /// </summary>
    Task<StoredRecord?> FailUnstartedAsync(
        string orgId, string id, IReadOnlyList<string> fromStatuses, string error, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The runs that processed the record, newest first.</summary>
    Task<IReadOnlyList<RecordRunLink>> ListRunsAsync(string orgId, string id, CancellationToken cancellationToken = default);

    Task<RecordSummary> SummarizeAsync(string orgId, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>Binds a category to a workflow (replacing the binding); returns it as stored.</summary>
    Task<RecordProcessor> PutProcessorAsync(
        string orgId, string category, string workflow, bool processOnArrival, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<RecordProcessor?> GetProcessorAsync(string orgId, string category, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<RecordProcessor>> ListProcessorsAsync(string orgId, CancellationToken cancellationToken = default);

    Task<bool> DeleteProcessorAsync(string orgId, string category, CancellationToken cancellationToken = default);
}
