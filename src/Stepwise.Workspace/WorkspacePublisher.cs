using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;

namespace Stepwise.Workspace;

/// <summary>
/// Makes the serving workspace version the code workflows of every organization's workflow directory: each workflow
/// is deployed (a new version when the workspace changed), code workflows that left the workspace are deleted (their
/// versions stay for pinned runs). YAML workflows are never touched; a YAML workflow with the same name as a code
/// workflow is left alone and the code workflow is not deployed in that organization.
/// </summary>
public sealed class WorkspacePublisher(
    WorkspaceHost host,
    IOrganizationStore organizations,
    IWorkflowDirectory directory,
    ILogger logger,
    TimeProvider time,
    Func<string, string, WorkflowVersionRecord?, CancellationToken, Task>? applied = null)
{
    public async Task PublishAsync(CancellationToken cancellationToken = default)
    {
        if (host.Current is not { } version || version.Files.Count == 0)
        {
            return;
        }

        try
        {
            if (host.Store is { } store)
            {
                await store.SaveAsync(
                    version.Hash, [.. version.Files.Select(f => new WorkspaceSourceFile(f.Path, f.Text))], time.GetUtcNow(), cancellationToken)
                    .ConfigureAwait(false);
            }

            var orgs = await organizations.ListAsync(cancellationToken).ConfigureAwait(false);
            var deployed = 0;
            var removed = 0;
            foreach (var org in orgs)
            {
                var existing = await directory.ListAsync(org.Id, cancellationToken).ConfigureAwait(false);
                var yaml = existing.Where(w => !CodeWorkflowSource.TryParse(w.Latest.Source, out _, out _))
                    .Select(w => w.Latest.Name).ToHashSet(StringComparer.Ordinal);
                foreach (var (name, workflow) in version.Workflows)
                {
                    if (yaml.Contains(name))
                    {
                        continue;
                    }

                    var deployment = await directory.DeployAsync(
                        org.Id, name, CodeWorkflowSource.Describe(version, workflow), cancellationToken).ConfigureAwait(false);
                    if (deployment.Created)
                    {
                        deployed++;
                        await AppliedAsync(org.Id, name, deployment.Version, cancellationToken).ConfigureAwait(false);
                    }
                }

                foreach (var gone in existing.Where(w => CodeWorkflowSource.TryParse(w.Latest.Source, out _, out _)
                                                         && !version.Workflows.ContainsKey(w.Latest.Name)))
                {
                    if (await directory.DeleteAsync(org.Id, gone.Latest.Name, cancellationToken).ConfigureAwait(false))
                    {
                        removed++;
                        await AppliedAsync(org.Id, gone.Latest.Name, null, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            Log.Published(logger, version.Hash, deployed, removed, orgs.Count);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException and not OperationCanceledException)
        {
            Log.PublishFailed(logger, exception, version.Hash);
        }
    }

    private Task AppliedAsync(string org, string name, WorkflowVersionRecord? current, CancellationToken cancellationToken) =>
        applied?.Invoke(org, name, current, cancellationToken) ?? Task.CompletedTask;
}
