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
        return await ResolveAsync(current, cancellationToken);
    }

    public async ValueTask<ResolvedWorkflow?> GetVersionAsync(
        string orgId, string name, int version, CancellationToken cancellationToken = default)
    {
        var record = await store.GetVersionAsync(orgId, name, version, cancellationToken);
        return await ResolveAsync(record, cancellationToken);
    }

    private async ValueTask<ResolvedWorkflow?> ResolveAsync(WorkflowVersionRecord? record, CancellationToken cancellationToken) =>
        record is not null && (await definitions.LoadAsync(record, cancellationToken)).Definition is { } definition
            ? new ResolvedWorkflow(definition, record.Version)
            : null;
}
