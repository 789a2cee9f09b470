using System.Globalization;
using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>Prints the figures of a harness run as a table, with the issue's target next to the figures that have one.</summary>
internal static class ResultTable
{
    private static readonly Dictionary<(string Key, string Figure), (string Text, Func<double, bool> Met)> Targets = new()
    {
        [("S1_c16", "ratio_to_baseline")] = (">= 0.40", v => v >= 0.40),
        [("S1_c16", "p99_ms")] = ("< 10", v => v < 10),

        // Issue 19: against the durable limit (the same computation plus one SQLite row per request).
        [("S1_c16", "ratio_to_durable")] = (">= 0.50", v => v >= 0.50),
        [("S1_c16", "p99_to_durable_p99")] = ("<= 2", v => v <= 2),
        [("S1_c16", "cpu_us_per_request")] = ("<= 40", v => v <= 40),
        [("S1_c1", "p50_ms")] = ("< 0.3", v => v < 0.3),
        [("S2_c16", "ratio_to_durable_s1")] = (">= 0.30", v => v >= 0.30),
        [("S2_inproc", "us_per_step")] = ("< 50", v => v < 50),
        [("S2_inproc", "us_per_step_durable")] = ("< 200", v => v < 200),
        [("S3", "ms_per_run")] = ("< 5", v => v < 5),
        [("S4", "seconds")] = ("< 60 (100k runs)", v => v < 60),
        [("S5", "p99_ms")] = ("< 50", v => v < 50),
        [("S6", "p99_ms")] = ("< 1000", v => v < 1000),
        [("S7", "indexed_p99_ms")] = ("< 50", v => v < 50),
        [("S7", "json_path_p99_ms")] = ("< 5000 (STEPWISE_QUERY_TIMEOUT)", v => v < 5000),
    };

    public static void Print(JsonObject results)
    {
        Console.WriteLine();
        Console.WriteLine($"commit {results["commit"]}, {results["date"]}, {results["mode"]} mode, LOG_LEVEL {results["log_level"]}, " +
                          $"load average {results["load_average_at_start"]} -> {results["load_average_at_end"]}");
        Console.WriteLine($"{"scenario",-18} {"figure",-28} {"median",12} {"min - max",24}  target");
        foreach (var (key, value) in results)
        {
            if (value is not JsonObject figures)
            {
                continue;
            }

            foreach (var (name, figure) in figures)
            {
                if (figure is JsonObject { } subject && subject["median"] is { } median)
                {
                    var target = Targets.TryGetValue((key, name), out var t)
                        ? $"{t.Text} {(t.Met(Value(median)) ? "met" : "MISSED")}"
                        : "";
                    Console.WriteLine(
                        $"{key,-18} {name,-28} {Number(median),12} {Number(subject["min"]!) + " - " + Number(subject["max"]!),24}  {target}");
                }
                else if (figure is JsonObject { } nested && nested["rss_mb"] is { } rss)
                {
                    var shown = rss is JsonObject range ? Number(range["median"]!) : Number(rss);
                    Console.WriteLine($"{key,-18} {name + ".rss_mb",-28} {shown,12}");
                }
                else if (figure is JsonValue scalar && key != "memory")
                {
                    Console.WriteLine($"{key,-18} {name,-28} {Number(scalar),12}");
                }
            }
        }
    }

    private static string Number(JsonNode node)
    {
        var value = Value(node);
        return value.ToString(value >= 100 ? "N0" : "0.###", CultureInfo.InvariantCulture);
    }

    private static double Value(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
}
