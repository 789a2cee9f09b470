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
internal sealed class DefinitionCache(ActionRegistry actions)
{
    private const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<(string Org, string Name, int Version), LoadResult> loaded = new();

    public ActionRegistry Actions => actions;

    public LoadResult Load(WorkflowVersionRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var key = (record.OrgId, record.Name, record.Version);
        if (loaded.TryGetValue(key, out var cached))
        {
            return cached;
        }

        if (loaded.Count >= MaxEntries)
        {
            loaded.Clear();
        }

        var result = WorkflowLoader.Load(record.Source, $"{record.Name} (version {record.Version})", actions);
        loaded.TryAdd(key, result);
        return result;
    }
}
