using Stepwise.Core.Storage;
using Stepwise.Workspace;

namespace Stepwise.Hosting.CodeWorkspace;

/// <summary>
/// Starts the workspace with the server: the first build (before the worker resumes runs, so their pinned code
/// versions resolve), publishing its workflows into every organization, then watching the folder. Every good build
/// is published again and its triggers applied. Roslyn loads with the first .cs file, unless the operator asks for
/// the warm-up at start (<see cref="ServerOptions.WorkspaceWarmUp"/>): a server without code never pays its ~64 MB.
/// </summary>
internal sealed class WorkspaceService(
    WorkspaceHost host,
    ServerOptions options,
    StoreHost store,
    TriggerHost triggers,
    TimeProvider time,
    ILoggerFactory loggerFactory) : IHostedService
{
    private WorkspacePublisher? _publisher;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _publisher = new WorkspacePublisher(
            host,
            store.Storage.Organizations,
            store.Storage.WorkflowDirectory,
            loggerFactory.CreateLogger("Stepwise.Workspace"),
            time,
            (org, name, current, ct) => triggers.ApplyAsync(org, name, current, ct));
        await host.BuildAsync(cancellationToken);
        if (options.WorkspaceWarmUp && (host.Current is null || host.Current.Workflows.Count == 0))
        {
            await host.WarmUpAsync();
        }

        await _publisher.PublishAsync(cancellationToken);
        host.VersionChanged += _ => _publisher.PublishAsync(CancellationToken.None);
        host.StartWatching();
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        host.Dispose();
        return Task.CompletedTask;
    }
}
