using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>The wrk runs of one HTTP scenario, Stepwise's and the baseline's paired run by run.</summary>
internal sealed record HttpMeasurement(IReadOnlyList<WrkResult> Ours, IReadOnlyList<WrkResult> Baseline)
{
    public JsonObject Figures() => new()
    {
        ["rps"] = Figure.Of([.. Ours.Select(r => r.Rps)], 0),
        ["p50_ms"] = Figure.Of([.. Ours.Select(r => r.P50Ms)], 3),
        ["p99_ms"] = Figure.Of([.. Ours.Select(r => r.P99Ms)], 3),
        ["ratio_to_baseline"] = Figure.Of([.. Ours.Zip(Baseline, (ours, bare) => ours.Rps / bare.Rps)], 3),
        ["baseline_rps"] = Figure.Of([.. Baseline.Select(r => r.Rps)], 0),
        ["baseline_p50_ms"] = Figure.Of([.. Baseline.Select(r => r.P50Ms)], 3),
        ["baseline_p99_ms"] = Figure.Of([.. Baseline.Select(r => r.P99Ms)], 3),
        ["cpu_us_per_request"] = Figure.Of([.. Ours.Select(r => r.CpuUsPerRequest)], 0),
        ["baseline_cpu_us_per_request"] = Figure.Of([.. Baseline.Select(r => r.CpuUsPerRequest)], 0),
        ["errors"] = Ours.Sum(r => r.Errors) + Baseline.Sum(r => r.Errors),
    };
}
