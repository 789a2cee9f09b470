using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>
/// S5: a server over a database holding a million finished executions; the latency of listing, filtering and
/// looking up runs through the API, one request at a time, each query repeated and the percentiles taken over all.
/// </summary>
internal sealed class HistoryScaleScenario(HarnessOptions options, string workFolder)
{
    public async Task<JsonObject> RunAsync()
    {
        Console.WriteLine($"-- S5: list, filter and look up with {options.HistoryExecutions:N0} stored executions");
        var folder = Path.Combine(workFolder, "history");
        await using (var first = await StepwiseInstance.StartAsync(options, folder).ConfigureAwait(false))
        {
            await first.DeployAsync(options.Example("greet.yaml")).ConfigureAwait(false);
            await first.DeployAsync(options.Example("chain10.yaml")).ConfigureAwait(false);
        }

        var database = Path.Combine(folder, "stepwise.db");
        var fillClock = Stopwatch.StartNew();
        var now = TimeProvider.System.GetUtcNow();
        await HistoryFill.FillAsync(database, await HistoryFill.OrgIdAsync(database).ConfigureAwait(false), options.HistoryExecutions, now)
            .ConfigureAwait(false);
        var fillSeconds = fillClock.Elapsed.TotalSeconds;
        Console.WriteLine($"   filled in {fillSeconds:F1} s ({new FileInfo(database).Length / 1048576.0:F0} MB)");

        await using var server = await StepwiseInstance.StartAsync(options, folder).ConfigureAwait(false);
        var queries = await QueriesAsync(server, now).ConfigureAwait(false);
        foreach (var path in queries.Values)
        {
            for (var warmup = 0; warmup < 3; warmup++)
            {
                await server.GetAsync(path).ConfigureAwait(false);
            }
        }

        var p50 = new List<double>();
        var p99 = new List<double>();
        var perQuery = queries.Keys.ToDictionary(name => name, _ => new List<double>(), StringComparer.Ordinal);
        for (var run = 0; run < options.Runs; run++)
        {
            var all = new List<double>();
            for (var sample = 0; sample < options.HistorySamplesPerQuery; sample++)
            {
                foreach (var (name, path) in queries)
                {
                    var clock = Stopwatch.StartNew();
                    await server.GetAsync(path).ConfigureAwait(false);
                    var ms = clock.Elapsed.TotalMilliseconds;
                    all.Add(ms);
                    perQuery[name].Add(ms);
                }
            }

            all.Sort();
            p50.Add(Figure.Percentile(all, 50));
            p99.Add(Figure.Percentile(all, 99));
            Console.WriteLine($"   run {run + 1}: {all.Count} requests, p50 {p50[^1]:F2} ms, p99 {p99[^1]:F2} ms");
        }

        var byQuery = new JsonObject();
        foreach (var (name, samples) in perQuery)
        {
            samples.Sort();
            byQuery[name] = new JsonObject
            {
                ["path"] = queries[name],
                ["p50_ms"] = Math.Round(Figure.Percentile(samples, 50), 3),
                ["p99_ms"] = Math.Round(Figure.Percentile(samples, 99), 3),
            };
        }

        return new JsonObject
        {
            ["executions"] = options.HistoryExecutions,
            ["p50_ms"] = Figure.Of(p50, 3),
            ["p99_ms"] = Figure.Of(p99, 3),
            ["fill_seconds"] = Math.Round(fillSeconds, 1),
            ["database_mb"] = Math.Round(new FileInfo(database).Length / 1048576.0, 0),
            ["rss_mb"] = Math.Round(server.Process.RssMb(), 0),
            ["queries"] = byQuery,
        };
    }

    /// <summary>The requests measured: first pages of each filter, a next page by cursor, and a run by id.</summary>
    private static async Task<Dictionary<string, string>> QueriesAsync(StepwiseInstance server, DateTimeOffset now)
    {
        string At(TimeSpan ago) => Uri.EscapeDataString((now - ago).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        var firstPage = JsonNode.Parse(await server.GetAsync("/api/v1/executions?limit=50").ConfigureAwait(false))!;
        var cursor = firstPage["next_cursor"]?.GetValue<string>() ?? throw new InvalidOperationException("S5: no next_cursor");
        var someId = firstPage["items"]![17]!["id"]!.GetValue<string>();
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["list"] = "/api/v1/executions?limit=50",
            ["next_page"] = "/api/v1/executions?limit=50&cursor=" + Uri.EscapeDataString(cursor),
            ["status"] = "/api/v1/executions?status=failed&limit=50",
            ["workflow"] = "/api/v1/executions?workflow=chain10&limit=50",
            ["status_and_workflow"] = "/api/v1/executions?status=timed_out&workflow=fanout40&limit=50",
            ["time_window"] = $"/api/v1/executions?since={At(TimeSpan.FromDays(10))}&until={At(TimeSpan.FromDays(9))}&limit=50",
            ["old_window_status"] =
                $"/api/v1/executions?status=cancelled&since={At(TimeSpan.FromDays(19))}&until={At(TimeSpan.FromDays(18))}&limit=50",
            ["by_id"] = "/api/v1/executions/" + someId,
        };
    }
}
