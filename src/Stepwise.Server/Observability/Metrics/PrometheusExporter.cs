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
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly IMeterFactory _meterFactory;

    public PrometheusExporter(IMeterFactory meterFactory)
    {
        _meterFactory = meterFactory;
        _listener.InstrumentPublished = (instrument, self) =>
        {
            if (IsOurs(instrument.Meter))
            {
                _families.TryAdd(instrument, new MetricFamily(instrument));
                self.EnableMeasurementEvents(instrument, _families[instrument]);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) => _families.TryRemove(instrument, out var removed);
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>Observes the observable instruments, then writes every family, sorted by name.</summary>
    public void WriteTo(TextWriter writer)
    {
        foreach (var family in _families.Values)
        {
            family.ClearObserved();
        }

        _listener.RecordObservableInstruments();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var family in _families.Values.OrderBy(family => family.Name, StringComparer.Ordinal))
        {
            // Two instruments of one name (a meter created twice) would be an invalid exposition; the first wins.
            if (seen.Add(family.Name))
            {
                family.WriteTo(writer);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private bool IsOurs(Meter meter) =>
        meter.Name == StepwiseTelemetry.Name && (meter.Scope is null || ReferenceEquals(meter.Scope, _meterFactory));
}
