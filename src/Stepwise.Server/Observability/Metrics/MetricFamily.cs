using System.Diagnostics.Metrics;

namespace Stepwise.Server.Observability.Metrics;

/// <summary>
/// The series of one instrument, keyed by their label set. Counters and histograms accumulate; observable
/// instruments keep only what their last observation reported, so a series that stops being observed disappears.
/// </summary>
internal sealed class MetricFamily
{
    private static readonly double[] DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Series> _series = new(StringComparer.Ordinal);

    // The series of each tag list as recorded, found without building its label text: a busy server records several
    // measurements per request, and building the text each time cost a list, a sort, a builder and strings. Tags in
    // another order map to the same series through the label text, made only on a miss.
    private readonly Dictionary<TagSet, Series> _byTags = new(TagSet.Comparer);

    public MetricFamily(Instrument instrument)
    {
        Name = PrometheusText.MetricName(instrument.Name);
        Help = string.IsNullOrWhiteSpace(instrument.Description) ? instrument.Name : instrument.Description;
        IsObservable = instrument.IsObservable;
        Kind = instrument switch
        {
            Histogram<double> or Histogram<long> or Histogram<int> => MetricKind.Histogram,
            Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int>
                or ObservableCounter<double> => MetricKind.Counter,
            _ => MetricKind.Gauge,
        };
        Buckets = instrument switch
        {
            Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
            _ => DefaultBuckets,
        };
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public bool IsObservable { get; }

    public IReadOnlyList<double> Buckets { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_gate)
        {
            var byTags = _byTags.GetAlternateLookup<ReadOnlySpan<KeyValuePair<string, object?>>>();
            if (!byTags.TryGetValue(tags, out var entry))
            {
                var labels = PrometheusText.Labels(tags);
                if (!_series.TryGetValue(labels, out entry))
                {
                    entry = new Series(labels, Kind == MetricKind.Histogram ? new long[Buckets.Count] : null);
                    _series[labels] = entry;
                }

                byTags[tags] = entry;
            }

            switch (Kind)
            {
                case MetricKind.Histogram:
                    for (var i = 0; i < Buckets.Count; i++)
                    {
                        if (value <= Buckets[i])
                        {
                            entry.BucketCounts![i]++;
                        }
                    }

                    entry.Count++;
                    entry.Sum += value;
                    break;
                case MetricKind.Counter when !IsObservable:
                    entry.Sum += value;
                    break;
                default:
                    // Gauges, and observable counters (which report their running total), hold the last value.
                    entry.Sum = value;
                    break;
            }
        }
    }

    /// <summary>Forgets observed series before a new observation, so vanished ones are not reported again.</summary>
    public void ClearObserved()
    {
        if (IsObservable)
        {
            lock (_gate)
            {
                _series.Clear();
                _byTags.Clear();
            }
        }
    }

    public void WriteTo(TextWriter writer)
    {
        writer.Write("# HELP ");
        writer.Write(Name);
        writer.Write(' ');
        writer.Write(PrometheusText.EscapeHelp(Help));
        writer.Write('\n');
        writer.Write("# TYPE ");
        writer.Write(Name);
        writer.Write(Kind switch { MetricKind.Counter => " counter\n", MetricKind.Histogram => " histogram\n", _ => " gauge\n" });
        lock (_gate)
        {
            foreach (var entry in _series.Values.OrderBy(entry => entry.Labels, StringComparer.Ordinal))
            {
                if (Kind == MetricKind.Histogram)
                {
                    for (var i = 0; i < Buckets.Count; i++)
                    {
                        WriteSample(writer, Name + "_bucket", PrometheusText.WithLabel(entry.Labels, "le", PrometheusText.Number(Buckets[i])), entry.BucketCounts![i]);
                    }

                    WriteSample(writer, Name + "_bucket", PrometheusText.WithLabel(entry.Labels, "le", "+Inf"), entry.Count);
                    WriteSample(writer, Name + "_sum", entry.Labels, entry.Sum);
                    WriteSample(writer, Name + "_count", entry.Labels, entry.Count);
                }
                else
                {
                    WriteSample(writer, Name, entry.Labels, entry.Sum);
                }
            }
        }
    }

    private static void WriteSample(TextWriter writer, string name, string labels, double value)
    {
        writer.Write(name);
        if (labels.Length > 0)
        {
            writer.Write('{');
            writer.Write(labels);
            writer.Write('}');
        }

        writer.Write(' ');
        writer.Write(PrometheusText.Number(value));
        writer.Write('\n');
    }

    private sealed class Series(string labels, long[]? bucketCounts)
    {
        public string Labels { get; } = labels;

        public long[]? BucketCounts { get; } = bucketCounts;

        public long Count { get; set; }

        public double Sum { get; set; }
    }
}
