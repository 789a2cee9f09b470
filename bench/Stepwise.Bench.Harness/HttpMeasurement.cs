using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>
/// The wrk runs of one HTTP scenario, paired run by run: Stepwise's, the bare baseline's (same computation, nothing
/// stored) and the durable limit's (the same plus one SQLite row per request, answered after its commit).
/// </summary>
internal sealed record HttpMeasurement(IReadOnlyList<WrkResult> Ours, IReadOnlyList<WrkResult> Baseline, IReadOnlyList<WrkResult> Durable)
{
    public JsonObject Figures() => new()
    {
        ["rps"] = Figure.Of([.. Ours.Select(r => r.Rps)], 0),
        ["p50_ms"] = Figure.Of([.. Ours.Select(r => r.P50Ms)], 3),
        ["p99_ms"] = Figure.Of([.. Ours.Select(r => r.P99Ms)], 3),
        ["ratio_to_baseline"] = Figure.Of([.. Ours.Zip(Baseline, (ours, bare) => ours.Rps / bare.Rps)], 3),
        ["ratio_to_durable"] = Figure.Of([.. Ours.Zip(Durable, (ours, durable) => ours.Rps / durable.Rps)], 3),
        ["p99_to_durable_p99"] = Figure.Of([.. Ours.Zip(Durable, (ours, durable) => ours.P99Ms / durable.P99Ms)], 2),
        ["cpu_us_per_request"] = Figure.Of([.. Ours.Select(r => r.CpuUsPerRequest)], 0),
        ["baseline_rps"] = Figure.Of([.. Baseline.Select(r => r.Rps)], 0),
        ["baseline_p50_ms"] = Figure.Of([.. Baseline.Select(r => r.P50Ms)], 3),
        ["baseline_p99_ms"] = Figure.Of([.. Baseline.Select(r => r.P99Ms)], 3),
        ["baseline_cpu_us_per_request"] = Figure.Of([.. Baseline.Select(r => r.CpuUsPerRequest)], 0),
        ["durable_rps"] = Figure.Of([.. Durable.Select(r => r.Rps)], 0),
        ["durable_p50_ms"] = Figure.Of([.. Durable.Select(r => r.P50Ms)], 3),
        ["durable_p99_ms"] = Figure.Of([.. Durable.Select(r => r.P99Ms)], 3),
        ["durable_cpu_us_per_request"] = Figure.Of([.. Durable.Select(r => r.CpuUsPerRequest)], 0),
        ["errors"] = Ours.Sum(r => r.Errors) + Baseline.Sum(r => r.Errors) + Durable.Sum(r => r.Errors),
    };
}
