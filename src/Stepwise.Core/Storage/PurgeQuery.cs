namespace Stepwise.Core.Storage;

/// <summary>
/// Which finished runs a purge deletes: the organization's runs of one finished status that finished before a cutoff,
/// optionally only those of one workflow, or all but those of some workflows (the ones with their own retention).
/// </summary>
public sealed record PurgeQuery(string OrgId, ExecutionStatus Status, DateTimeOffset FinishedBefore)
{
    /// <summary>When set, only this workflow's runs are purged.</summary>
    public string? Workflow { get; init; }

    /// <summary>Workflows whose runs are left alone.</summary>
    public IReadOnlyList<string> ExceptWorkflows { get; init; } = [];
}
