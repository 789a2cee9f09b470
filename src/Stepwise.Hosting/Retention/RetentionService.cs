namespace Stepwise.Hosting.Retention;

/// <summary>
/// Runs <see cref="RetentionJob"/> every <see cref="RetentionOptions.Interval"/> on the host's clock. A failed pass is
/// logged and the next one tries again, so a busy or briefly unavailable database never stops retention for good.
/// The job is resolved at the first pass: the store it purges opens when the host starts, after this is built.
/// </summary>
internal sealed class RetentionService(
    Func<RetentionJob> job, RetentionOptions options, TimeProvider time, ILogger<RetentionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunPassAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunPassAsync(CancellationToken stoppingToken)
    {
        try
        {
            var purged = await job().RunOnceAsync(stoppingToken);
            if (purged > 0)
            {
                Log.Purged(logger, purged, options.Retention);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            Log.Failed(logger, error);
        }
    }
}
