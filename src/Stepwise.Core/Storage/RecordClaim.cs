namespace Stepwise.Core.Storage;

/// <summary>
/// A request to process a record with a new run <see cref="ExecutionId"/>: it succeeds only when the record's
/// status is one of <see cref="FromStatuses"/>, or it is <c>processing</c> under a claim that lapsed before
/// <see cref="Now"/>; the record is then <c>processing</c> until <see cref="Until"/>.
/// </summary>
public sealed record RecordClaim(
    string OrgId, string RecordId, IReadOnlyList<string> FromStatuses, string ExecutionId, DateTimeOffset Now, DateTimeOffset Until);
