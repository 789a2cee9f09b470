using System.Collections.Concurrent;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Definitions from an <see cref="IWorkflowStore"/>, parsed by the host's loader (YAML/JSON to a validated
/// definition; null when the stored source no longer loads). Parsed versions are cached: a version never changes.
/// </summary>
public sealed class StoreWorkflowResolver(IWorkflowStore store, Func<WorkflowVersionRecord, WorkflowDefinition?> load)
    : IWorkflowResolver
{
    private readonly ConcurrentDictionary<(string Org, string Name, int Version), WorkflowDefinition> _parsed = new();

    public async ValueTask<ResolvedWorkflow?> GetLatestAsync(
        string orgId, string name, CancellationToken cancellationToken = default)
    {
        var latest = await store.GetLatestAsync(orgId, name, cancellationToken).ConfigureAwait(false);
        return latest is null ? null : Parse(latest);
    }

    public async ValueTask<ResolvedWorkflow?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default)
    {
        if (_parsed.TryGetValue((orgId, name, version), out var cached))
        {
            return new ResolvedWorkflow(cached, version);
        }

        var record = await store.GetVersionAsync(orgId, name, version, cancellationToken).ConfigureAwait(false);
        return record is null ? null : Parse(record);
    }

    private ResolvedWorkflow? Parse(WorkflowVersionRecord record)
    {
        var key = (record.OrgId, record.Name, record.Version);
        if (!_parsed.TryGetValue(key, out var definition))
        {
            definition = load(record);
            if (definition is null)
            {
                return null;
            }

            _parsed.TryAdd(key, definition);
        }

        return new ResolvedWorkflow(definition, record.Version);
    }
}
