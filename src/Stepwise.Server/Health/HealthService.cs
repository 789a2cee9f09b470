using System.Diagnostics;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Health;

/// <summary>Runs the registered checks at once, times each, and folds them into one report.</summary>
internal sealed class HealthService(IEnumerable<IHealthCheck> checks, TimeProvider time)
{
    private static readonly DateTimeOffset ProcessStarted = ReadProcessStart();

    private readonly IHealthCheck[] _all = [.. checks];

    /// <summary>Since the process started (not since the first health check).</summary>
    public static TimeSpan Uptime(TimeProvider time)
    {
        var uptime = time.GetUtcNow() - ProcessStarted;
        return uptime < TimeSpan.Zero ? TimeSpan.Zero : uptime;
    }

    public Task<HealthReport> CheckAllAsync(CancellationToken cancellationToken) => CheckAsync(_all, cancellationToken);

    /// <summary>Only the checks readiness depends on (the database).</summary>
    public Task<HealthReport> CheckReadinessAsync(CancellationToken cancellationToken) =>
        CheckAsync([.. _all.Where(check => check.GatesReadiness)], cancellationToken);

    private async Task<HealthReport> CheckAsync(IReadOnlyList<IHealthCheck> selected, CancellationToken cancellationToken)
    {
        var results = await Task.WhenAll(selected.Select(check => RunAsync(check, cancellationToken)));
        var checks = new SortedDictionary<string, ComponentHealth>(StringComparer.Ordinal);
        for (var i = 0; i < selected.Count; i++)
        {
            checks[selected[i].Name] = results[i];
        }

        var uptime = Uptime(time);
        return new HealthReport(
            HealthStatusNames.Worst(checks.Values.Select(check => check.Status)),
            ServerVersion.Current,
            Durations.Uptime(uptime),
            Math.Round(uptime.TotalSeconds, 1),
            time.GetUtcNow(),
            checks);
    }

    private static DateTimeOffset ReadProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
    }

    private static async Task<ComponentHealth> RunAsync(IHealthCheck check, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HealthCheckResult result;
        try
        {
            result = await check.CheckAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = HealthCheckResult.Unhealthy($"{check.Name} check failed: {exception.Message}");
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        return new ComponentHealth(
            result.Status, Durations.Short(elapsed), Math.Round(elapsed.TotalMilliseconds, 3), result.Error, result.Details);
    }
}
