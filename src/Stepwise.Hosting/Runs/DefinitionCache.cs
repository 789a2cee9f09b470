using System.Collections.Concurrent;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// Stored versions loaded into definitions, cached: a version never changes once stored. Loading here has no
/// catalogue of the other workflows (a child workflow only has to exist when the run reaches it); deploys are
/// validated against the organization's workflows before they are stored.
/// </summary>
internal sealed class DefinitionCache(ActionRegistry actions, Stepwise.Workspace.WorkspaceHost? workspace = null)
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string Org, string Name, int Version), LoadResult> _loaded = new();

    public ActionRegistry Actions => actions;

    /// <summary>
    /// As <see cref="Load"/>, and a code workflow whose workspace version this node has not loaded (another node
    /// published it, or this node's folder has moved on since the run started) is first restored from the store.
    /// </summary>
    public async ValueTask<LoadResult> LoadAsync(WorkflowVersionRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (workspace is not null
            && !_loaded.ContainsKey((record.OrgId, record.Name, record.Version))
            && Stepwise.Workspace.CodeWorkflowSource.TryParse(record.Source, out _, out var hash)
            && workspace.Get(hash) is null)
        {
            var (version, error) = await workspace.GetOrRestoreAsync(hash, cancellationToken);
            if (version is null)
            {
                return new LoadResult(null, [Core.Diagnostics.Diagnostic.Error($"workflow '{record.Name}': {error}")], record.Name, Sdk.DataType.Any);
            }
        }

        return Load(record);
    }

    public LoadResult Load(WorkflowVersionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = (record.OrgId, record.Name, record.Version);
        if (_loaded.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (_loaded.Count >= MaxEntries)
        {
            _loaded.Clear();
        }

        // A code workflow's version names the workspace build it came from; a build this node has not loaded yet is
        // not cached as a failure, so the version resolves once it is.
        if (workspace is not null && Stepwise.Workspace.CodeWorkflowSource.TryParse(record.Source, out _, out _))
        {
            var code = Stepwise.Workspace.CodeWorkflowSource.Resolve(workspace, record.Source, out var error);
            var codeResult = code is not null
                ? new LoadResult(code, [], code.Name, Sdk.DataType.Any)
                : new LoadResult(null, [Core.Diagnostics.Diagnostic.Error(error!)], record.Name, Sdk.DataType.Any);
            if (code is not null)
            {
                _loaded.TryAdd(key, codeResult);
            }

            return codeResult;
        }

        var result = WorkflowLoader.Load(record.Source, $"{record.Name} (version {record.Version})", actions);
        _loaded.TryAdd(key, result);
        return result;
    }
}
