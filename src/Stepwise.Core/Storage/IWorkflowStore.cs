namespace Stepwise.Core.Storage;

/// <summary>Versions of workflow definitions; every distinct source is a new version, runs pin one.</summary>
public interface IWorkflowStore
{
    /// <summary>
    /// Stores the source as the next version of the workflow unless the latest version has the same content hash,
    /// in which case that version is returned.
    /// </summary>
    Task<WorkflowVersionRecord> SaveVersionAsync(string orgId, string name, string source, CancellationToken cancellationToken = default);

    Task<WorkflowVersionRecord?> GetVersionAsync(string orgId, string name, int version, CancellationToken cancellationToken = default);

    Task<WorkflowVersionRecord?> GetLatestAsync(string orgId, string name, CancellationToken cancellationToken = default);
}
