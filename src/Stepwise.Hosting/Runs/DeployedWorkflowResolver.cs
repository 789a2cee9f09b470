using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// Definitions for the engine: a run's pinned version from the store (deleted workflows included, so runs already
/// started finish), and for new sub-workflow runs the current version of a workflow that is not deleted.
/// </summary>
internal sealed class DeployedWorkflowResolver(IWorkflowStore store, IWorkflowDirectory directory, DefinitionCache definitions)
    : IWorkflowResolver
{
    public async ValueTask<ResolvedWorkflow?> GetLatestAsync(
        string orgId, string name, CancellationToken cancellationToken = default)
    {
        var current = await directory.GetCurrentAsync(orgId, name, cancellationToken);
        return Resolve(current);
    }

    public async ValueTask<ResolvedWorkflow?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default)
    {
        var record = await store.GetVersionAsync(orgId, name, version, cancellationToken);
        return Resolve(record);
    }

    private ResolvedWorkflow? Resolve(WorkflowVersionRecord? record) =>
        record is not null && definitions.Load(record).Definition is { } definition
            ? new ResolvedWorkflow(definition, record.Version)
            : null;
}
