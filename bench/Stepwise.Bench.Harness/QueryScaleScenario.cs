using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Stepwise.Bench.Harness;

/// <summary>
/// S7: the query language (<c>GET /api/v1/query</c>) over a million executions and a million records, one request
/// at a time: indexed filters (status, workflow, category, time window) and JSON-path filters served by the
/// expression indexes docs/query.md documents. Percentiles over all requests of each group and per query.
/// </summary>
internal sealed class QueryScaleScenario(HarnessOptions options, string workFolder)
{
    public async Task<JsonObject> RunAsync()
    {
        Console.WriteLine($"-- S7: query language over {options.HistoryExecutions:N0} executions and {options.HistoryRecords:N0} records");
        var folder = Path.Combine(workFolder, "query");
        await using (var first = await StepwiseInstance.StartAsync(options, folder).ConfigureAwait(false))
        {
            await first.DeployAsync(options.Example("greet.yaml")).ConfigureAwait(false);
        }

        var database = Path.Combine(folder, "stepwise.db");
        var fillClock = Stopwatch.StartNew();
        var now = TimeProvider.System.GetUtcNow();
        var org = await HistoryFill.OrgIdAsync(database).ConfigureAwait(false);
        await HistoryFill.FillAsync(database, org, options.HistoryExecutions, now, emails: true).ConfigureAwait(false);
        await RecordFill.FillAsync(database, org, options.HistoryRecords, now).ConfigureAwait(false);
        var fillSeconds = fillClock.Elapsed.TotalSeconds;
        Console.WriteLine($"   filled and indexed in {fillSeconds:F1} s ({new FileInfo(database).Length / 1048576.0:F0} MB)");

        await using var server = await StepwiseInstance.StartAsync(options, folder).ConfigureAwait(false);
        var indexed = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["executions_status"] = "executions where status = 'failed' limit 50",
            ["executions_workflow_status"] = "executions where workflow = 'chain10' and status = 'failed' limit 50",
            ["executions_newest"] = "executions order by created_at desc limit 50",
            ["executions_window"] = "executions where created_at > now() - 10d and status = 'cancelled' limit 50",
            ["records_status"] = "records where status = 'failed' limit 50",
            ["records_category"] = "records where category = 'cat7' order by created_at desc limit 50",
        };
        var jsonPaths = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["executions_params_email"] = "executions where params.email = 'user777777@example.com'",
            ["records_payload_customer"] = "records where payload.customer.id = 777777",
        };

        var groups = new JsonObject();
        var byQuery = new JsonObject();
        foreach (var (group, queries) in new[] { ("indexed", indexed), ("json_path", jsonPaths) })
        {
            var p50 = new List<double>();
            var p99 = new List<double>();
            var perQuery = queries.Keys.ToDictionary(name => name, _ => new List<double>(), StringComparer.Ordinal);
            foreach (var q in queries.Values)
            {
                for (var warmup = 0; warmup < 3; warmup++)
                {
                    await server.GetAsync(QueryPath(q)).ConfigureAwait(false);
                }
            }

            for (var run = 0; run < options.Runs; run++)
            {
                var all = new List<double>();
                for (var sample = 0; sample < options.HistorySamplesPerQuery; sample++)
                {
                    foreach (var (name, q) in queries)
                    {
                        var clock = Stopwatch.StartNew();
                        await server.GetAsync(QueryPath(q)).ConfigureAwait(false);
                        var ms = clock.Elapsed.TotalMilliseconds;
                        all.Add(ms);
                        perQuery[name].Add(ms);
                    }
                }

                all.Sort();
                p50.Add(Figure.Percentile(all, 50));
                p99.Add(Figure.Percentile(all, 99));
                Console.WriteLine($"   {group} run {run + 1}: {all.Count} requests, p50 {p50[^1]:F2} ms, p99 {p99[^1]:F2} ms");
            }

            groups[$"{group}_p50_ms"] = Figure.Of(p50, 3);
            groups[$"{group}_p99_ms"] = Figure.Of(p99, 3);
            foreach (var (name, samples) in perQuery)
            {
                samples.Sort();
                byQuery[name] = new JsonObject
                {
                    ["q"] = queries[name],
                    ["p50_ms"] = Math.Round(Figure.Percentile(samples, 50), 3),
                    ["p99_ms"] = Math.Round(Figure.Percentile(samples, 99), 3),
                };
            }
        }

        groups["executions"] = options.HistoryExecutions;
        groups["records"] = options.HistoryRecords;
        groups["fill_seconds"] = Math.Round(fillSeconds, 1);
        groups["database_mb"] = Math.Round(new FileInfo(database).Length / 1048576.0, 0);
        groups["queries"] = byQuery;
        return groups;
    }

    private static string QueryPath(string q) => "/api/v1/query?q=" + Uri.EscapeDataString(q);
}
