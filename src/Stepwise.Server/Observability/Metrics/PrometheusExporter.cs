using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// Listens to the <c>Stepwise</c> meters (the engine's process-wide one and this server's own) and writes what they
/// measured in the Prometheus text format for <c>/metrics</c>. Written here because the registry offers no
/// Prometheus exporter package; the format is small and <c>promtool check metrics</c> validates the output.
/// </summary>
internal sealed class PrometheusExporter : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> families = new();
    private readonly IMeterFactory meterFactory;

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        this.meterFactory = meterFactory;
        listener.InstrumentPublished = (instrument, self) =>
        {
            if (IsOurs(instrument.Meter))
            {
                families.TryAdd(instrument, new MetricFamily(instrument));
                self.EnableMeasurementEvents(instrument, families[instrument]);
            }
        };
        listener.MeasurementsCompleted = (instrument, state) => families.TryRemove(instrument, out var removed);
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        listener.Start();
    }

    /// <summary>Observes the observable instruments, then writes every family, sorted by name.</summary>
    public void WriteTo(TextWriter writer)
    {
        foreach (var family in families.Values)
        {
            family.ClearObserved();
        }

        listener.RecordObservableInstruments();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in families.Values.OrderBy(family => family.Name, StringComparer.Ordinal))
        {
            // Two instruments of one name (a meter created twice) would be an invalid exposition; the first wins.
            if (seen.Add(family.Name))
            {
                family.WriteTo(writer);
            }
        }
    }

    public void Dispose() => listener.Dispose();

    private bool IsOurs(Meter meter) =>
        meter.Name == StepwiseTelemetry.Name && (meter.Scope is null || ReferenceEquals(meter.Scope, meterFactory));
}
