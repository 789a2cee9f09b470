using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Stepwise.Core.Telemetry;

/// <summary>
/// The one <see cref="System.Diagnostics.Metrics.Meter"/> and the one <see cref="System.Diagnostics.ActivitySource"/>
/// of Stepwise, both named <see cref="Name"/>. Exporters (the server's /metrics, OpenTelemetry) listen by that name.
/// </summary>
public static class StepwiseTelemetry
{
    public const string Name = "Stepwise";

    public static string Version { get; } =
        typeof(StepwiseTelemetry).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";

    public static Meter Meter { get; } = new(Name, Version);

    public static ActivitySource ActivitySource { get; } = new(Name, Version);

    /// <summary>Bucket bounds, in seconds, for durations from a millisecond to several minutes.</summary>
    public static IReadOnlyList<double> DurationBuckets { get; } =
        [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
}
