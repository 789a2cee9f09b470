using Stepwise.Core.Query;

namespace Stepwise.Storage.Tests;

/// <summary>
/// Hostile queries: SQL written into values, fields, paths, entities and patterns. Each must end in an error or
/// in no rows (the seeded data holds none of these texts), and the database must be unchanged afterwards.
/// </summary>
public abstract partial class StoreCompliance
{
    private static readonly string[] HostileTexts =
    [
        "' OR '1'='1", "' OR 1=1 --", "'; DROP TABLE executions; --", "\\'; DELETE FROM records; --", "1; DROP TABLE steps",
        "' UNION SELECT id, org_id FROM executions --", "%' OR org_id LIKE '%", "x' AND org_id = 'other", "\" OR \"\"=\"",
        "') OR ('a'='a", "*/ DROP TABLE audit_log /*", "'||(SELECT org_id FROM executions LIMIT 1)||'", "$1; SELECT pg_sleep(10)",
        "'; PRAGMA query_only = 0; --", "'; ATTACH DATABASE '/tmp/x' AS x; --", "%%%", "_%_", "\\%\\_", "'; COMMIT; DROP TABLE records; --",
        "\u0000", "\u2019 OR 1=1", "' OR org_id <> '", "'); UPDATE records SET status = 'processed'; --",
        "'; INSERT INTO audit_log VALUES ('x'); --", "@org", "@q0", ":org", "?", "$org",
    ];

    private static readonly string[] HostileShapes =
    [
        "executions; DROP TABLE executions", "executions where 1 = 1", "executions where status = 'x' -- ' or 1=1",
        "executions where status = 'x' /* */ or 1 = 1", "executions where org_id = 'other'", "executions where params.email' = 'x'",
        "executions where params.\"a'b\" = 1", "executions where params.a-b = 1", "executions where params..a = 1",
        "records where payload.`x` = 1", "executions union select * from records", "executions where status = 'x' union all select 1",
        "sqlite_master", "pg_catalog.pg_tables", "executions where (select 1) = 1", "executions where status = ('x')",
        "executions where status = 'a' || 'b'", "executions where status = 0x27", "executions where status = char(39)",
        "executions where params.email = now()", "executions where exists (select 1)", "executions order by 1",
        "executions order by (select 1)", "executions limit 1; drop table records", "executions limit -1",
        "executions where status in (select status from executions)", "count executions group by org_id",
        "executions where status = 'failed' or org_id != ''", "audit where detail = '' or '' = ''",
        "executions where params.a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q = 1", "executions where id = @org", "executions where id = $1",
        "executions where id = ?", "executions where id = :org", "executions where status like '%' escape '!'",
    ];

    public static TheoryData<string> HostileQueries()
    {
        var data = new TheoryData<string>();
        foreach (var text in HostileTexts)
        {
            var literal = "'" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
            data.Add($"executions where status = {literal}");
            data.Add($"executions where params.email = {literal} or workflow contains {literal}");
            data.Add($"records where payload contains {literal}");
            data.Add($"steps where node in ({literal}, {literal})");
            data.Add($"executions where {text} = 1");
        }

        foreach (var shape in HostileShapes)
        {
            data.Add(shape);
        }

        return data;
    }

    [Fact]
    public void HostileQueries_AreAtLeastOneHundred() => Assert.True(HostileQueries().Count >= 100, $"{HostileQueries().Count} hostile queries");

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task QueryAsync_HostileQuery_IsInertAndChangesNothing(string hostile)
    {
        await using var storage = await OpenStoreAsync();
        await SeedQueryDataAsync(storage);
        var before = await CountEverythingAsync(storage);

        var outcome = await RunQueryAsync(storage, hostile);

        if (outcome.Error is { } error)
        {
            // Messages may quote the query's own text, never the SQL it compiled to.
            foreach (var sql in new[] { "e.org_id", "r.org_id", "json_extract", "::json", "@q0" })
            {
                Assert.DoesNotContain(sql, error.Message.Replace(hostile, string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            }

            Assert.NotEqual(QueryErrorType.ExecutionError, error.Type);
        }
        else
        {
            Assert.Empty(outcome.Rows!);
        }

        Assert.Equal(before, await CountEverythingAsync(storage));
    }

    private async Task<string> CountEverythingAsync(StepwiseStorage storage)
    {
        var counts = new List<string>();
        foreach (var org in new[] { "acme", "other" })
        {
            foreach (var entity in new[] { "executions", "steps", "records", "workflows", "audit" })
            {
                var outcome = await RunQueryAsync(storage, $"count {entity}", org);
                counts.Add($"{org}.{entity}={outcome.Rows![0]["count"]}");
            }

            var statuses = await RunQueryAsync(storage, "count records group by status", org);
            counts.Add(string.Join(';', statuses.Rows!.Select(row => row.ToJsonString())));
        }

        return string.Join(',', counts);
    }
}
