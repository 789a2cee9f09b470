using System.Text.Json.Nodes;
using Stepwise.Server.Executions;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Health;

/// <summary>
/// Runs waiting and running across every process sharing the database, and the runs this process executes now
/// against its limit. Degraded when this process is full and runs are waiting.
/// </summary>
internal sealed class QueueHealthCheck(StoreHost store, ExecutionWorker worker, ServerOptions options) : IHealthCheck
{
    public string Name => "queue";

    public bool GatesReadiness => false;

    public async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        if (!store.IsOpen)
        {
            return HealthCheckResult.Unhealthy("the store is not open yet");
        }

        var counts = await store.Storage.Diagnostics.CountQueueAsync(cancellationToken);
        var runningHere = worker.RunningCount;
        var details = new JsonObject
        {
            ["depth"] = counts.Pending,
            ["pending"] = counts.Pending,
            ["running"] = counts.Running,
            ["compensating"] = counts.Compensating,
            ["running_here"] = runningHere,
            ["max_concurrent_runs"] = options.MaxConcurrentRuns,
        };
        return runningHere >= options.MaxConcurrentRuns && counts.Pending > 0
            ? new HealthCheckResult(
                HealthStatusNames.Degraded,
                $"all {options.MaxConcurrentRuns} run slots of this process are busy and {counts.Pending} runs wait; " +
                "raise STEPWISE_MAX_CONCURRENT_RUNS or add a server",
                details)
            : HealthCheckResult.Healthy(details);
    }
}
