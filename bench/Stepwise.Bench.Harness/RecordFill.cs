using Microsoft.Data.Sqlite;

namespace Stepwise.Bench.Harness;

/// <summary>
/// Fills a stopped server's SQLite database with records in one bulk statement, over the last 20 days: ten
/// categories, 80% processed, 15% failed, 5% pending, each payload <c>{"customer": {"id": i}, "amount": ...}</c>.
/// </summary>
internal static class RecordFill
{
    private const string Insert = """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1)
        INSERT INTO records (id, org_id, source, category, status, payload, output, error, execution_id, attempts,
                             claim_until, created_at, updated_at)
        SELECT lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-7' || substr(hex(randomblob(2)), 2) || '-a'
                     || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
               @org_id,
               CASE i % 3 WHEN 0 THEN 'api' WHEN 1 THEN 'import' ELSE 'webhook' END,
               'cat' || (i % 10),
               CASE WHEN (i / 10) % 100 < 80 THEN 'processed' WHEN (i / 10) % 100 < 95 THEN 'failed' ELSE 'pending' END,
               '{"customer":{"id":' || i || '},"amount":' || (i % 997) || '}',
               NULL, NULL, NULL, 0, NULL,
               @start + i * @spacing,
               @start + i * @spacing + 2
        FROM n
        """;

    public static async Task FillAsync(string databasePath, string orgId, int count, DateTimeOffset now)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            var window = TimeSpan.FromDays(20).TotalMilliseconds;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "PRAGMA synchronous = OFF";
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                command.CommandText = Insert;
                command.CommandTimeout = 0;
                command.Parameters.AddWithValue("@count", count);
                command.Parameters.AddWithValue("@org_id", orgId);
                command.Parameters.AddWithValue("@start", now.ToUnixTimeMilliseconds() - (long)window);
                command.Parameters.AddWithValue("@spacing", (long)(window / count));
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            // The index path docs/query.md documents for JSON-path filters, and fresh statistics for the planner.
            foreach (var sql in new[]
            {
                "CREATE INDEX IF NOT EXISTS ix_bench_executions_params_email ON executions (org_id, json_extract(params, '$.email'))",
                "CREATE INDEX IF NOT EXISTS ix_bench_records_customer_id ON records (org_id, json_extract(payload, '$.customer.id'))",
                "ANALYZE",
                "PRAGMA wal_checkpoint(TRUNCATE)",
            })
            {
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                command.CommandTimeout = 0;
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }
        }
    }
}
