using System.Diagnostics;
using System.Text.Json.Nodes;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;
using Stepwise.Storage.Postgres;
using Xunit.Abstractions;

namespace Stepwise.Storage.Tests.Postgres;

/// <summary>
/// Issue 8: listing and filtering runs stays under 50 ms with 1,000,000 of them in one organization, because every
/// filter the API offers is backed by an index (EXPLAIN shows no sequential scan of executions).
/// </summary>
[Collection(PostgresCollection.Name)]
[RequiresPostgres]
public sealed class PostgresListingScaleTests(PostgresServer server, ITestOutputHelper output) : IAsyncLifetime
{
    private const int Rows = 1_000_000;
    private const string Org = "big";
    private static readonly TimeSpan Budget = TimeSpan.FromMilliseconds(50);
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    // 20 workflows; 90% succeeded, 8% failed, 1% running, 1% pending; one run a second.
    private static readonly string FillSql = $$"""
        INSERT INTO executions (id, org_id, workflow, version, status, priority, params, created_at, started_at, finished_at)
        SELECT lpad(i::text, 12, '0'), '{{Org}}', 'wf' || (i % 20), 1,
               CASE WHEN i % 100 < 90 THEN 'succeeded' WHEN i % 100 < 98 THEN 'failed'
                    WHEN i % 100 = 98 THEN 'running' ELSE 'pending' END,
               0, '{}', {{Start.ToUnixTimeMilliseconds()}} + i * 1000::bigint,
               {{Start.ToUnixTimeMilliseconds()}} + i * 1000::bigint, {{Start.ToUnixTimeMilliseconds()}} + i * 1000::bigint + 500
        FROM generate_series(1, {{Rows}}) AS i
        """;

    private string database = "";

    public async Task InitializeAsync() => database = await server.CreateDatabaseAsync();

    public Task DisposeAsync() => server.DropDatabaseAsync(database);

    [PostgresFact]
    public async Task ListAsync_MillionRuns_EveryFilterUsesAnIndexAndAnswersWithin50Ms()
    {
        var fill = Stopwatch.StartNew();
        await PostgresSql.ExecuteAsync(database, FillSql);
        await PostgresSql.ExecuteAsync(database, "ANALYZE executions");
        output.WriteLine($"filled {Rows:N0} runs in {fill.Elapsed.TotalSeconds:F1} s");

        await using var storage = await PostgresStorage.OpenAsync(database, TimeProvider.System);
        var middle = Start + TimeSpan.FromSeconds(Rows / 2);
        var deep = new ExecutionCursor(middle, "000000500000");
        var queries = new (string Name, ExecutionQuery Query)[]
        {
            ("newest 50", new(Org, 50)),
            ("status failed", new(Org, 50, ExecutionStatus.Failed)),
            ("status pending", new(Org, 50, ExecutionStatus.Pending)),
            ("workflow wf7", new(Org, 50, Workflow: "wf7")),
            ("workflow + status", new(Org, 50, ExecutionStatus.Failed, "wf13")),
            ("since/until day", new(Org, 50, Since: middle, Until: middle + TimeSpan.FromDays(1))),
            ("page at 500,000", new(Org, 50, After: deep)),
            ("status, page at 500,000", new(Org, 50, ExecutionStatus.Succeeded, After: deep)),
        };

        foreach (var (name, query) in queries)
        {
            var plan = await ExplainAsync(query);
            var scans = SequentialScans(plan).ToList();
            Assert.True(scans.Count == 0, $"{name}: sequential scan of {string.Join(", ", scans)} in\n{plan}");

            var page = await storage.ExecutionQueries.ListAsync(query);
            Assert.NotEmpty(page.Items);
            var timings = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var watch = Stopwatch.StartNew();
                await storage.ExecutionQueries.ListAsync(query);
                timings.Add(watch.Elapsed.TotalMilliseconds);
            }

            var median = timings.Order().ElementAt(2);
            output.WriteLine($"{name}: median {median:F2} ms of 5 (max {timings.Max():F2} ms), {page.Items.Count} rows");
            Assert.True(median < Budget.TotalMilliseconds, $"{name}: median {median:F1} ms, over {Budget.TotalMilliseconds} ms");
        }
    }

    private async Task<JsonNode> ExplainAsync(ExecutionQuery query)
    {
        await using var connection = await PostgresSql.OpenAsync(database);
        await using var command = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + ExecutionQueries.SqlFor(query), connection);
        command.Parameters.AddWithValue("org_id", query.OrgId);
        command.Parameters.AddWithValue("limit", query.Limit + 1);
        if (query.Status is { } status)
        {
            command.Parameters.AddWithValue("status", StatusText.ToText(status));
        }

        if (query.Workflow is { } workflow)
        {
            command.Parameters.AddWithValue("workflow", workflow);
        }

        if (query.Since is { } since)
        {
            command.Parameters.AddWithValue("since", since.ToUnixTimeMilliseconds());
        }

        if (query.Until is { } until)
        {
            command.Parameters.AddWithValue("until", until.ToUnixTimeMilliseconds());
        }

        if (query.After is { } after)
        {
            command.Parameters.AddWithValue("after_at", after.CreatedAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("after_id", after.Id);
        }

        return JsonNode.Parse((string)(await command.ExecuteScalarAsync())!)!;
    }

    private static IEnumerable<string> SequentialScans(JsonNode? node)
    {
        switch (node)
        {
            case JsonArray array:
                foreach (var item in array.SelectMany(SequentialScans))
                {
                    yield return item;
                }

                break;
            case JsonObject obj:
                if ((string?)obj["Node Type"] == "Seq Scan" && (string?)obj["Relation Name"] == "executions")
                {
                    yield return "executions";
                }

                foreach (var (_, child) in obj)
                {
                    foreach (var item in SequentialScans(child))
                    {
                        yield return item;
                    }
                }

                break;
        }
    }
}
