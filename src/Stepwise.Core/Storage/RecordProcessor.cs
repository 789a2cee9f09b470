namespace Stepwise.Core.Storage;

/// <summary>
/// The workflow that processes an organization's records of one category; with <see cref="ProcessOnArrival"/> a
/// record of that category starts its run as soon as it is stored.
/// </summary>
public sealed record RecordProcessor(
    string OrgId, string Category, string Workflow, bool ProcessOnArrival, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
