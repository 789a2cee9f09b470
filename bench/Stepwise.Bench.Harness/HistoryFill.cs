using Microsoft.Data.Sqlite;

namespace Stepwise.Bench.Harness;

/// <summary>
/// Fills a stopped server's SQLite database with finished executions in one bulk statement, spread evenly over the
/// last 20 days (inside the default 30-day retention): ten workflows, 90% succeeded, 7% failed, 2% cancelled, 1%
/// timed out. Ids are time-ordered UUIDs (version 7) as the engine makes them. Steps are not written: S5 measures the
/// execution lists and lookups. With <c>emails</c> (S7) each run's params also carry a distinct <c>email</c>.
/// </summary>
internal static class HistoryFill
{
    private const string Insert = """
        WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < @count - 1)
        INSERT INTO executions (id, org_id, workflow, version, status, priority, params, output, error,
                                created_at, started_at, finished_at)
        SELECT lower(substr(printf('%012x', @start + i * @spacing), 1, 8) || '-'
                     || substr(printf('%012x', @start + i * @spacing), 9, 4) || '-7' || substr(hex(randomblob(2)), 2)
                     || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))),
               @org_id,
               CASE i % 10 WHEN 0 THEN 'greet' WHEN 1 THEN 'chain10' WHEN 2 THEN 'fanout40'
                           ELSE 'bench-' || (i % 10) END,
               1,
               CASE WHEN (i / 10) % 100 < 90 THEN 'succeeded' WHEN (i / 10) % 100 < 97 THEN 'failed'
                    WHEN (i / 10) % 100 < 99 THEN 'cancelled' ELSE 'timed_out' END,
               0,
               CASE WHEN @emails = 1 THEN '{"name":"Ada","n":21,"email":"user' || i || '@example.com"}'
                    ELSE '{"name":"Ada","n":21}' END,
               CASE WHEN (i / 10) % 100 < 90 THEN '{"count":10}' END,
               CASE WHEN (i / 10) % 100 >= 90 THEN 'Step ''s3'' failed: the bench says so' END,
               @start + i * @spacing,
               @start + i * @spacing + 1,
               @start + i * @spacing + 4
        FROM n
        """;

    public static async Task FillAsync(string databasePath, string orgId, int count, DateTimeOffset now, bool emails = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            await ExecuteAsync(connection, "PRAGMA synchronous = OFF").ConfigureAwait(false);
            var window = TimeSpan.FromDays(20).TotalMilliseconds;
            using (var command = connection.CreateCommand())
            {
                command.CommandText = Insert;
                command.CommandTimeout = 0;
                command.Parameters.AddWithValue("@count", count);
                command.Parameters.AddWithValue("@emails", emails ? 1 : 0);
                command.Parameters.AddWithValue("@org_id", orgId);
                command.Parameters.AddWithValue("@start", now.ToUnixTimeMilliseconds() - (long)window);
                command.Parameters.AddWithValue("@spacing", (long)(window / count));
                await command.ExecuteNonQueryAsync().ConfigureAwait(false);
            }

            await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE)").ConfigureAwait(false);
        }
    }

    public static async Task<string> OrgIdAsync(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath }.ToString());
        await using (connection.ConfigureAwait(false))
        {
            await connection.OpenAsync().ConfigureAwait(false);
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT org_id FROM workflow_versions WHERE name = 'greet' LIMIT 1";
            return await command.ExecuteScalarAsync().ConfigureAwait(false) as string
                ?? throw new InvalidOperationException("no deployed greet in " + databasePath);
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }
}
