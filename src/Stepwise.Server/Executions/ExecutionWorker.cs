using System.Collections.Concurrent;
using System.Threading.Channels;
using Stepwise.Core.Storage;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Executions;

/// <summary>
/// Runs executions in this process: those the API just created (queued directly) and, every poll interval, any run
/// left unfinished whose lease is free or expired, such as the runs of a process that died (crash recovery). At most
/// <see cref="ServerOptions.MaxConcurrentRuns"/> run at once; the engine claims each with a lease it renews.
/// On shutdown it stops taking work, lets running steps finish within the grace period, then interrupts the rest,
/// which release their leases and resume at the next start.
/// </summary>
internal sealed partial class ExecutionWorker(
    EngineHost engines,
    StoreHost store,
    ServerOptions options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ExecutionWorker> logger) : BackgroundService
{
    private readonly Channel<string> queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, byte> inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, byte> running = new();
    private readonly ConcurrentDictionary<string, List<TaskCompletionSource>> waiters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim slots = new(options.MaxConcurrentRuns, options.MaxConcurrentRuns);
    private readonly CancellationTokenSource interrupt = new();

    /// <summary>Queues a run to execute here; a run already queued or running is not queued twice.</summary>
    public void Enqueue(string executionId)
    {
        if (inFlight.TryAdd(executionId, 0) && !queue.Writer.TryWrite(executionId))
        {
            inFlight.TryRemove(executionId, out _);
        }
    }

    public int RunningCount => running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await WhenStartedAsync(stoppingToken);
        var poll = PollAsync(stoppingToken);
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                var task = RunOneAsync(id);
                running.TryAdd(task, 0);
                _ = task.ContinueWith(
                    done => running.TryRemove(done, out _),
                    CancellationToken.None,
                    TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: queued runs stay pending in the store and resume at the next start.
        }

        await poll;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var active = running.Keys.ToArray();
        if (active.Length > 0)
        {
            Log.ShuttingDown(logger, options.ShutdownGrace, active.Length);
            var all = Task.WhenAll(active);
            try
            {
                await all.WaitAsync(options.ShutdownGrace, time, cancellationToken);
            }
            catch (TimeoutException)
            {
                Log.GraceElapsed(logger, options.ShutdownGrace, running.Count);
                await interrupt.CancelAsync();

                // Retries and compensations run in the engine's background; disposing it interrupts them too.
                var stopping = engines.DisposeAsync().AsTask();
                await Task.WhenAll(all, stopping).WaitAsync(TimeSpan.FromSeconds(10), time, CancellationToken.None)
                    .ContinueWith(static _ => { }, TaskScheduler.Default);
            }
        }

        await engines.DisposeAsync();
    }

    public override void Dispose()
    {
        interrupt.Dispose();
        slots.Dispose();
        base.Dispose();
    }

    private async Task WhenStartedAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStarted = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        using var onStopping = stoppingToken.Register(() => started.TrySetCanceled(stoppingToken));
        await started.Task;
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RecoveryPollInterval, time);
        do
        {
            try
            {
                var free = slots.CurrentCount;
                if (free > 0)
                {
                    var resumable = await store.Storage.Executions.ListResumableAsync(
                        time.GetUtcNow(), Math.Min(free + inFlight.Count, 500), stoppingToken);
                    var fresh = resumable.Where(e => !inFlight.ContainsKey(e.Id)).ToList();
                    if (fresh.Any(e => e.Status != ExecutionStatus.Pending))
                    {
                        Log.Recovering(logger, fresh.Count(e => e.Status != ExecutionStatus.Pending));
                    }

                    foreach (var execution in fresh)
                    {
                        Enqueue(execution.Id);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is StorageException or InvalidOperationException)
            {
                Log.PollFailed(logger, exception);
            }
        }
        while (await WaitForTickAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitForTickAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task RunOneAsync(string id)
    {
        await Task.Yield();
        try
        {
            var execution = await store.Storage.Executions.GetExecutionAsync(id, interrupt.Token);
            if (execution is not null && !execution.IsFinished)
            {
                execution = await engines.Engine.RunExecutionAsync(id, interrupt.Token);
            }

            if (execution?.IsFinished == true)
            {
                Signal(id);
            }
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // Interrupted by shutdown: the engine left the run resumable and released its lease.
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.RunCrashed(logger, id, exception);
        }
        finally
        {
            inFlight.TryRemove(id, out _);
            slots.Release();
        }
    }
}
