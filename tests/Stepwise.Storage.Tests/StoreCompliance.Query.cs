using System.Text.Json.Nodes;
using Stepwise.Core.Query;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests;

/// <summary>The query language compiled for each engine: every operator, JSON paths, entities, organizations.</summary>
public abstract partial class StoreCompliance
{
    [Theory]
    [InlineData("executions where status = 'failed'", "e1")]
    [InlineData("executions where status != 'failed'", "e4,e3,e2")]
    [InlineData("executions where params.amount < 12.5", "e2")]
    [InlineData("executions where params.amount <= 12.5", "e2,e1")]
    [InlineData("executions where params.amount > 3", "e1")]
    [InlineData("executions where params.amount >= 3", "e2,e1")]
    [InlineData("executions where workflow in ('billing', 'nope')", "e4,e3")]
    [InlineData("executions where params.email like '%@example.com'", "e2,e1")]
    [InlineData("executions where params.email like 'ADA%'", "e1")]
    [InlineData("executions where params contains 'lovelace'", "e4")]
    [InlineData("executions where params.note contains 'LOVE'", "e4")]
    [InlineData("executions where params.note not contains 'love'", "")]
    [InlineData("executions where error contains 'declined'", "e1")]
    [InlineData("executions where error contains '_'", "")]
    [InlineData("executions where finished_at is null", "e4,e3")]
    [InlineData("executions where finished_at is not null", "e2,e1")]
    [InlineData("executions where params.customer.id = 42", "e1")]
    [InlineData("executions where params.customer.id = '42'", "e3")]
    [InlineData("executions where params.customer.id in (42, '42')", "e3,e1")]
    [InlineData("executions where params.vip = true", "e1")]
    [InlineData("executions where params.vip != true", "e2")]
    [InlineData("executions where params.items.0 = 'a'", "e1")]
    [InlineData("executions where params.missing is null", "e4,e3,e2,e1")]
    [InlineData("executions where params.email is not null", "e3,e2,e1")]
    [InlineData("executions where not (status = 'failed' or status = 'succeeded')", "e4,e3")]
    [InlineData("executions where status not in ('failed', 'succeeded') and workflow = 'billing'", "e4,e3")]
    [InlineData("executions where created_at > now() - 9m", "e4,e3")]
    [InlineData("executions where created_at >= '2025-03-01T12:02:00Z'", "e4,e3")]
    [InlineData("executions where duration > 2s", "e1")]
    [InlineData("executions where duration <= 2s", "e2")]
    [InlineData("executions where status = 'failed' and workflow = 'signup' and started_at > now() - 24h and params.email = 'ada@example.com' order by started_at desc limit 20", "e1")]
    [InlineData("executions order by created_at asc limit 2", "e1,e2")]
    [InlineData("executions order by workflow asc, created_at desc", "e4,e3,e2,e1")]
    [InlineData("executions where trigger.record_id = 'r1'", "e2")]
    [InlineData("execution where id in ('x1')", "")]
    [InlineData("executions where status = 'failed' or workflow = 'signup'", "e2,e1")]
    [InlineData("steps where duration > 2s and node = 'charge'", "e1/charge")]
    [InlineData("steps where output.ok = true", "e1/validate")]
    [InlineData("steps where workflow = 'signup' and status = 'failed'", "e1/charge")]
    [InlineData("records where payload.customer.id = 42", "r1")]
    [InlineData("records where status = 'pending' order by created_at asc", "r1,r2")]
    [InlineData("workflows where name = 'signup'", "signup")]
    [InlineData("audit where action = 'execution.start'", "a1")]
    public async Task QueryAsync_EachOperatorAndPath_ReturnsTheMatchingRowsOfTheOrganization(string query, string expected)
    {
        await using var storage = await OpenStoreAsync();
        await SeedQueryDataAsync(storage);

        var outcome = await RunQueryAsync(storage, query);

        Assert.Null(outcome.Error);
        Assert.Equal(expected, string.Join(',', outcome.Rows!.Select(RowKey)));
    }

    [Fact]
    public async Task QueryAsync_CountGroupBy_CountsPerGroupLargestFirst()
    {
        await using var storage = await OpenStoreAsync();
        await SeedQueryDataAsync(storage);

        var grouped = await RunQueryAsync(storage, "count executions group by workflow");
        var total = await RunQueryAsync(storage, "count executions where workflow = 'signup'");
        var byPath = await RunQueryAsync(storage, "count executions where params.email is not null group by params.email");

        Assert.Equal("""[{"workflow":"billing","count":2},{"workflow":"signup","count":2}]""", new JsonArray([.. grouped.Rows!]).ToJsonString());
        Assert.Equal("""[{"count":2}]""", new JsonArray([.. total.Rows!]).ToJsonString());
        Assert.Equal(3, byPath.Rows!.Count);
        Assert.All(byPath.Rows, row => Assert.Equal(1, (long)row["count"]!));
    }

    [Fact]
    public async Task QueryAsync_Rows_CarryTypedFields()
    {
        await using var storage = await OpenStoreAsync();
        await SeedQueryDataAsync(storage);

        var row = Assert.Single((await RunQueryAsync(storage, "executions where id = 'e1'")).Rows!);

        Assert.Equal("signup", (string)row["workflow"]!);
        Assert.Equal(4000, (long)row["duration_ms"]!);
        Assert.Equal(Start.AddSeconds(1), (DateTimeOffset)row["started_at"]!);
        Assert.Equal(42, (int)row["params"]!["customer"]!["id"]!);
    }

    [Fact]
    public async Task QueryAsync_OtherOrganization_SeesOnlyItsOwnRows()
    {
        await using var storage = await OpenStoreAsync();
        await SeedQueryDataAsync(storage);

        var theirs = await RunQueryAsync(storage, "executions where params.email = 'ada@example.com' or status != 'zzz'", org: "other");
        var steps = await RunQueryAsync(storage, "steps where node = 'charge'", org: "other");
        var nobody = await RunQueryAsync(storage, "executions", org: "nobody");

        Assert.Equal("x1", string.Join(',', theirs.Rows!.Select(RowKey)));
        Assert.Equal("x1/charge", string.Join(',', steps.Rows!.Select(RowKey)));
        Assert.Empty(nobody.Rows!);
    }

    [Fact]
    public async Task QueryAsync_PastItsTimeLimit_IsAnExecutionErrorWithoutSql()
    {
        await using var storage = await OpenStoreAsync();
        await ExecuteRawAsync(BulkExecutionsSql("slow", 200_000));

        var outcome = await RunQueryAsync(
            storage, "count executions where params contains 'no such text' or error contains 'nothing'", org: "slow",
            timeout: TimeSpan.FromMilliseconds(1));

        Assert.NotNull(outcome.Error);
        Assert.Equal(QueryErrorType.ExecutionError, outcome.Error.Type);
        Assert.StartsWith("query stopped at its time limit of 1ms", outcome.Error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT", outcome.Error.Message, StringComparison.OrdinalIgnoreCase);

        // The connection went back to the pool usable and writable.
        var after = await RunQueryAsync(storage, "count executions where workflow = 'bulk' ", org: "slow");
        Assert.Equal(200_000, (long)after.Rows![0]["count"]!);
        await storage.Records.CreateAsync([NewRecord("after-timeout")]);
    }

    /// <summary>Bulk rows for scale tests: one INSERT ... SELECT over a recursive counter, the same SQL on both engines.</summary>
    internal static string BulkExecutionsSql(string org, int count) => $$"""
        INSERT INTO executions (id, org_id, workflow, version, status, priority, params, created_at)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{count}})
        SELECT '{{org}}-' || i, '{{org}}', 'bulk', 1, CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' END, 0,
               '{"email":"user' || i || '@example.com","customer":{"id":' || i || '},"pad":"{{new string('p', 400)}}"}',
               1700000000000 + i * 1000
        FROM n
        """;

    private async Task<QueryOutcome> RunQueryAsync(StepwiseStorage storage, string text, string org = "acme", TimeSpan? timeout = null)
    {
        var query = QueryLanguage.Analyze(text, Time.GetUtcNow(), out var error);
        if (query is null)
        {
            return QueryOutcome.Failed(error!);
        }

        return await storage.Query.RunAsync(org, query, timeout ?? TimeSpan.FromSeconds(30));
    }

    private static string RowKey(JsonObject row) =>
        row["step_id"] is { } step ? $"{(string)row["execution_id"]!}/{(string)step!}"
        : row["name"] is { } name ? (string)name!
        : (string)row["id"]!;

    private async Task SeedQueryDataAsync(StepwiseStorage storage)
    {
        ExecutionRecord Run(string id, string org, string workflow, ExecutionStatus status, JsonObject parameters, int minute,
            double? startedAfter = null, double? finishedAfter = null, string? error = null) =>
            new(id, org, workflow, 1, status, 0, parameters, null, error, null, null, Start.AddMinutes(minute),
                startedAfter is { } s ? Start.AddMinutes(minute).AddSeconds(s) : null,
                finishedAfter is { } f ? Start.AddMinutes(minute).AddSeconds(f) : null);

        await storage.Executions.CreateExecutionAsync(Run("e1", "acme", "signup", ExecutionStatus.Failed, new JsonObject
        {
            ["email"] = "ada@example.com", ["customer"] = new JsonObject { ["id"] = 42 }, ["amount"] = 12.5, ["vip"] = true,
            ["items"] = new JsonArray("a", "b"),
        }, 0, 1, 5, "card declined"));
        await storage.Executions.CreateExecutionAsync(Run("e2", "acme", "signup", ExecutionStatus.Succeeded, new JsonObject
        {
            ["email"] = "bob@example.com", ["customer"] = new JsonObject { ["id"] = 7 }, ["amount"] = 3, ["vip"] = false,
        }, 1, 1, 2) with { Trigger = new JsonObject { ["type"] = "record", ["record_id"] = "r1" } });
        await storage.Executions.CreateExecutionAsync(Run("e3", "acme", "billing", ExecutionStatus.Running, new JsonObject
        {
            ["email"] = "carol@example.org", ["customer"] = new JsonObject { ["id"] = "42" },
        }, 2, 1));
        await storage.Executions.CreateExecutionAsync(Run("e4", "acme", "billing", ExecutionStatus.Pending, new JsonObject
        {
            ["note"] = "Ada Lovelace",
        }, 3));
        await storage.Executions.CreateExecutionAsync(Run("x1", "other", "signup", ExecutionStatus.Failed, new JsonObject
        {
            ["email"] = "ada@example.com", ["customer"] = new JsonObject { ["id"] = 42 },
        }, 4, 1, 9, "card declined"));

        await storage.Journal.AppendAsync(new StepWritten(new StepRecord(
            "e1", "validate", "validate", 1, StepStatus.Succeeded, null, new JsonObject { ["ok"] = true }, null,
            Start.AddSeconds(1), Start.AddSeconds(1.01), null)));
        await storage.Journal.AppendAsync(new StepWritten(new StepRecord(
            "e1", "charge", "charge", 1, StepStatus.Failed, null, null, "card declined", Start.AddSeconds(1.5), Start.AddSeconds(4.5), null)));
        await storage.Journal.AppendAsync(new StepWritten(new StepRecord(
            "x1", "charge", "charge", 1, StepStatus.Failed, null, null, "card declined", Start.AddMinutes(4), Start.AddMinutes(5), null)));

        await storage.Records.CreateAsync(
        [
            NewRecord("r1", payload: new JsonObject { ["customer"] = new JsonObject { ["id"] = 42 } }),
            NewRecord("r2", minute: 1, payload: new JsonObject { ["customer"] = new JsonObject { ["id"] = 7 } }),
            NewRecord("rx", org: "other", payload: new JsonObject { ["customer"] = new JsonObject { ["id"] = 42 } }),
        ]);
        await storage.Workflows.SaveVersionAsync("acme", "signup", "name: signup");
        await storage.Workflows.SaveVersionAsync("other", "theirs", "name: theirs");
        await storage.Audit.AppendAsync(new AuditRecord(
            "a1", "acme", Start, "key", "k1", "execution.start", "execution", "e1", "success", "127.0.0.1", "req-1", null));
        await storage.Audit.AppendAsync(new AuditRecord(
            "a2", "other", Start, "key", "k2", "execution.start", "execution", "x1", "success", "127.0.0.1", "req-2", null));
        Time.Advance(TimeSpan.FromMinutes(10));
    }
}
