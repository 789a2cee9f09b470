using System.Text.Json.Nodes;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Health;

/// <summary>
/// The schedules whose ticks are recorded in the database and when one last fired: a last tick far in the past
/// while schedules exist means no process is firing them.
/// </summary>
internal sealed class SchedulerHealthCheck(StoreHost store, TimeProvider time) : IHealthCheck
{
    public string Name => "scheduler";

    public bool GatesReadiness => false;

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!store.IsOpen)
        {
            return HealthCheckResult.Unhealthy("the store is not open yet");
        }

        var counts = await store.Storage.Diagnostics.CountSchedulesAsync(cancellationToken);
        return HealthCheckResult.Healthy(new JsonObject
        {
            ["schedules_tracked"] = counts.Tracked,
            ["last_fired_at"] = counts.LastFiredAt,
            ["seconds_since_last_fire"] = counts.LastFiredAt is { } last
                ? Math.Round((time.GetUtcNow() - last).TotalSeconds, 1)
                : null,
        });
    }
}
