using System.Security.Cryptography;
using Stepwise.Core.Actions;
using Stepwise.Core.Scheduling;

namespace Stepwise.Hosting.Runs;

/// <summary>
/// The one workflow engine of this process, created when first needed (after the store is open). Its lease owner
/// is unique per process start and begins with the node's identity (<see cref="NodeIdentity"/>), so a restarted
/// server recognises the leases of its dead predecessor and ends them at once rather than taking them as its own.
/// </summary>
internal sealed class EngineHost(
    StoreHost store,
    ActionRegistry actions,
    DefinitionCache definitions,
    ServerOptions options,
    TimeProvider time,
    ILoggerFactory loggerFactory,
    IServiceProvider services,
    NodeIdentity node) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private WorkflowEngine? _engine;
    private bool _disposed;

    public string OwnerId { get; } =
        $"{node.OwnerPrefix}{Environment.MachineName}:{Environment.ProcessId}:{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>This node's identity across restarts.</summary>
    public NodeIdentity Node => node;

    public WorkflowEngine Engine
    {
        get
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (_engine is null)
                {
                    var storage = store.Storage;
                    var resolver = new DeployedWorkflowResolver(storage.Workflows, storage.WorkflowDirectory, definitions);
                    _engine = new WorkflowEngine(
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

                return _engine;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        WorkflowEngine? open;
        lock (_gate)
        {
            open = _engine;
            _engine = null;
            _disposed = true;
        }

        if (open is not null)
        {
            await open.DisposeAsync();
        }
    }
}
