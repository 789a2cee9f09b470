namespace Stepwise.Core.Storage;

/// <summary>
/// The deployed workflows of an organization, as a server manages them: deploy (a new version per change), list,
/// versions, delete. A deleted workflow keeps its versions, so runs pinned to them still resolve, but it is no
/// longer listed or runnable; deploying it again makes a new version. Kept apart from
/// <see cref="IWorkflowStore"/> so stores that only run workflows need not implement it.
/// </summary>
public interface IWorkflowDirectory
{
    /// <summary>Saves the source as the next version unless it equals the current (undeleted) latest version.</summary>
    Task<WorkflowDeployment> DeployAsync(string orgId, string name, string source, CancellationToken cancellationToken = default);

    /// <summary>The latest version of a workflow that is not deleted; null when unknown or deleted.</summary>
    Task<WorkflowVersionRecord?> GetCurrentAsync(string orgId, string name, CancellationToken cancellationToken = default);

    /// <summary>Every workflow of the organization that is not deleted, by name.</summary>
    Task<IReadOnlyList<WorkflowSummaryRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default);

    /// <summary>The versions of a workflow that is not deleted, newest first; empty when unknown or deleted.</summary>
    Task<IReadOnlyList<WorkflowVersionRecord>> ListVersionsAsync(
        string orgId, string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes the workflow (its versions stay for pinned runs); false when unknown or already deleted.</summary>
    Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default);
}
