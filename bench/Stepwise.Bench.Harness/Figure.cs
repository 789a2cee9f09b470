using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>One measured quantity over the harness's repeated runs: reported as the median with min and max.</summary>
internal static class Figure
{
    public static JsonObject Of(IReadOnlyList<double> samples, int decimals = 2)
    {
        var sorted = samples.Order().ToArray();
        var median = sorted.Length % 2 == 1
            ? sorted[sorted.Length / 2]
            : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        return new JsonObject
        {
            ["median"] = Math.Round(median, decimals),
            ["min"] = Math.Round(sorted[0], decimals),
            ["max"] = Math.Round(sorted[^1], decimals),
        };
    }

    public static double Percentile(IReadOnlyList<double> sortedSamples, double percentile)
    {
        var rank = (int)Math.Ceiling(percentile / 100 * sortedSamples.Count) - 1;
        return sortedSamples[Math.Clamp(rank, 0, sortedSamples.Count - 1)];
    }
}
