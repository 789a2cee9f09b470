namespace Stepwise.Core.Storage;

/// <summary>
/// The sources of every workspace version (content hash) a node has published, so that a code workflow's run can
/// be resumed or replayed by any node sharing the store, and after a restart, with exactly the code it started with:
/// a node that lacks the version (no folder, or a newer one) compiles it from here. Versions are immutable.
/// </summary>
public interface IWorkspaceSourceStore
{
    /// <summary>Stores the files of version <paramref name="hash"/> unless they are stored already (idempotent).</summary>
    Task SaveAsync(
        string hash, IReadOnlyList<WorkspaceSourceFile> files, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The stored files of version <paramref name="hash"/>, or null when no node stored it.</summary>
    Task<IReadOnlyList<WorkspaceSourceFile>?> GetAsync(string hash, CancellationToken cancellationToken = default);
}
