namespace Stepwise.Server.Observability.Metrics;

/// <summary>The Prometheus types this exporter writes.</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}
