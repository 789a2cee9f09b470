using Stepwise.Server.Hosting;

namespace Stepwise.Server.Health;

/// <summary>
/// Pings the database every <see cref="Interval"/> through <see cref="DatabaseHealthCheck"/>, so an outage reaches
/// the log (through <see cref="DatabasePingLog"/>) even when nobody asks <c>/health</c>.
/// </summary>
internal sealed class DatabasePingMonitor(DatabaseHealthCheck check, StoreHost store, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (store.IsOpen)
                {
                    await check.CheckAsync(stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
