using System.Security.Cryptography;
using Stepwise.Core.Actions;
using Stepwise.Core.Scheduling;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// The one workflow engine of this process, created when first needed (after the store is open). Its lease owner
/// is unique per process start, so a restarted server never mistakes the leases of its dead predecessor for its own.
/// </summary>
internal sealed class EngineHost(
    StoreHost store,
    ActionRegistry actions,
    DefinitionCache definitions,
    ServerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IServiceProvider services) : IAsyncDisposable
{
    private readonly Lock gate = new();
    private WorkflowEngine? engine;
    private bool disposed;

    public string OwnerId { get; } =
        $"{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    public WorkflowEngine Engine
    {
        get
        {
            lock (gate)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (engine is null)
                {
                    var storage = store.Storage;
                    var resolver = new DeployedWorkflowResolver(storage.Workflows, storage.WorkflowDirectory, definitions);
                    engine = new WorkflowEngine(
                        actions,
                        storage.Executions,
                        storage.Journal,
                        resolver,
                        time,
                        new EngineOptions
                        {
                            OwnerId = OwnerId,
                            LeaseDuration = options.LeaseDuration,
                            Budgets = options.Budgets,
                            MaxPayloadBytes = options.MaxPayloadBytes,
                        },
                        services,
                        loggerFactory);
                }

                return engine;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        WorkflowEngine? open;
        lock (gate)
        {
            open = engine;
            engine = null;
            disposed = true;
        }

        if (open is not null)
        {
            await open.DisposeAsync();
        }
    }
}
