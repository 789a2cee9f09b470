using System.Collections.Concurrent;
using Stepwise.Core.Definitions;

namespace Stepwise.Core.Scheduling;

/// <summary>Definitions registered in code (tests, <c>stepwise run --workflows DIR</c>), for every organization.</summary>
public sealed class InMemoryWorkflowResolver : IWorkflowResolver
{
    private readonly ConcurrentDictionary<string, List<WorkflowDefinition>> _byName = new(StringComparer.Ordinal);

    public InMemoryWorkflowResolver(IEnumerable<WorkflowDefinition>? definitions = null)
    {
        foreach (var definition in definitions ?? [])
        {
            Add(definition);
        }
    }

    /// <summary>Adds the definition as the next version of its workflow and returns that version.</summary>
    public int Add(WorkflowDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var versions = _byName.GetOrAdd(definition.Name, _ => []);
        lock (versions)
        {
            versions.Add(definition);
            return versions.Count;
        }
    }

    public ValueTask<ResolvedWorkflow?> GetLatestAsync(
        string orgId, string name, CancellationToken cancellationToken = default)
    {
        if (!_byName.TryGetValue(name, out var versions))
        {
            return ValueTask.FromResult<ResolvedWorkflow?>(null);
        }

        lock (versions)
        {
            return ValueTask.FromResult<ResolvedWorkflow?>(new ResolvedWorkflow(versions[^1], versions.Count));
        }
    }

    public ValueTask<ResolvedWorkflow?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default)
    {
        if (!_byName.TryGetValue(name, out var versions))
        {
            return ValueTask.FromResult<ResolvedWorkflow?>(null);
        }

        lock (versions)
        {
            return ValueTask.FromResult<ResolvedWorkflow?>(
                version >= 1 && version <= versions.Count ? new ResolvedWorkflow(versions[version - 1], version) : null);
        }
    }
}
