using System.Diagnostics;
using System.Diagnostics.Metrics;
using Stepwise.Core.Resilience;

namespace Stepwise.Core.Telemetry;

/// <summary>
/// The engine's instruments: finished runs by workflow and status, run and step durations, and the state of each
/// downstream host's circuit breaker (0 closed, 1 half-open, 2 open).
/// </summary>
internal static class EngineMetrics
{
    private static readonly Counter<long> Executions = StepwiseTelemetry.Meter.CreateCounter<long>(
        "workflow_executions_total", description: "Workflow executions finished, by workflow and final status.");

    private static readonly Histogram<double> ExecutionDuration = StepwiseTelemetry.Meter.CreateHistogram(
        "workflow_execution_duration_seconds",
        unit: "s",
        description: "Time from the start of a workflow execution to its final status.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepwiseTelemetry.DurationBuckets });

    private static readonly Histogram<double> StepDuration = StepwiseTelemetry.Meter.CreateHistogram(
        "workflow_step_duration_seconds",
        unit: "s",
        description: "Duration of step attempts, by workflow, action type and outcome.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepwiseTelemetry.DurationBuckets });

    // Reports from its callback; the field only keeps it created with the class.
    private static readonly ObservableGauge<int> BreakerState = StepwiseTelemetry.Meter.CreateObservableGauge(
        "circuit_breaker_state",
        ObserveBreakers,
        description: "Circuit breaker state per downstream host: 0 closed, 1 half-open, 2 open.");

    /// <summary>Creates the instruments now, so an exporter lists them before the first run finishes.</summary>
    public static void EnsureCreated() => GC.KeepAlive(BreakerState);

    public static void ExecutionFinished(string workflow, string status, TimeSpan duration)
    {
        var tags = new TagList { { "workflow", workflow }, { "status", status } };
        Executions.Add(1, tags);
        ExecutionDuration.Record(Math.Max(0, duration.TotalSeconds), tags);
    }

    public static void StepFinished(string workflow, string action, string status, TimeSpan duration)
    {
        if (StepDuration.Enabled)
        {
            StepDuration.Record(
                Math.Max(0, duration.TotalSeconds),
                new TagList { { "workflow", workflow }, { "action", action }, { "status", status } });
        }
    }

    public static int StateValue(CircuitState state) => state switch
    {
        CircuitState.Closed => 0,
        CircuitState.HalfOpen => 1,
        _ => 2,
    };

    private static IEnumerable<Measurement<int>> ObserveBreakers() =>
        CircuitBreakerRegistry.Snapshot().Select(breaker => new Measurement<int>(
            StateValue(breaker.State), new KeyValuePair<string, object?>("host", breaker.Name)));
}
