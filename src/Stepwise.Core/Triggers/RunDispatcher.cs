using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Stepwise.Core.Triggers;

/// <summary>
/// Hands triggered runs to the <see cref="ITriggerRunStarter"/>: inline up to the starter's first await (so a caller
/// knows the run was asked for when <see cref="Fire"/> returns), then tracked so shutdown can wait for the rest.
/// A failing starter is logged, never rethrown into the trigger's loop.
/// </summary>
internal sealed class RunDispatcher
{
    private readonly ConcurrentDictionary<Task, byte> _starting = new();
    private readonly ITriggerRunStarter _starter;
    private readonly ILogger _logger;
    private readonly CancellationToken _shutdown;

    public RunDispatcher(ITriggerRunStarter starter, ILogger logger, CancellationToken shutdown)
    {
        _starter = starter;
        _logger = logger;
        _shutdown = shutdown;
    }

    public void Fire(TriggeredRun run)
    {
        var start = StartAsync(run);
        if (!start.IsCompleted)
        {
            _starting.TryAdd(start, 0);
            _ = start.ContinueWith(
                done => _starting.TryRemove(done, out _),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    /// <summary>Waits for every start still under way (cancel the shutdown token first so they end).</summary>
    public Task DrainAsync() => Task.WhenAll(_starting.Keys);

    private async Task StartAsync(TriggeredRun run)
    {
        try
        {
            await _starter.StartRunAsync(run, _shutdown).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            Log.StartFailed(_logger, exception, run.TriggerId, run.Workflow, run.OrgId);
        }
    }
}
