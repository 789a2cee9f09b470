namespace Stepwise.Core.Scheduling;

/// <summary>
/// Finds workflow definitions by name: the latest version for new runs (sub-workflows), and the pinned version when
/// a run is resumed. Implementations cache parsed definitions; a version never changes once stored.
/// </summary>
public interface IWorkflowResolver
{
    ValueTask<ResolvedWorkflow?> GetLatestAsync(string orgId, string name, CancellationToken cancellationToken = default);

    ValueTask<ResolvedWorkflow?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default);
}
