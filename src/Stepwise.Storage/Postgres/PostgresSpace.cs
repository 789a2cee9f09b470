using Npgsql;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Postgres;

/// <summary>
/// <c>stepwise db size</c> on PostgreSQL: per table of the current schema its rows (from the statistics collector,
/// so no table is scanned), heap, index and total bytes; read-only, safe beside running servers.
/// </summary>
public static class PostgresSpace
{
    private const string TablesSql = """
        SELECT c.relname,
               COALESCE(s.n_live_tup, 0),
               pg_table_size(c.oid),
               pg_indexes_size(c.oid),
               pg_total_relation_size(c.oid)
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_stat_user_tables s ON s.relid = c.oid
        WHERE c.relkind = 'r' AND n.nspname = current_schema()
        ORDER BY c.relname
        """;

    private const string DatabaseSql = "SELECT pg_database_size(current_database())";

    /// <summary>Measures the database <paramref name="database"/> names; throws <see cref="StorageException"/> when it cannot be read.</summary>
    public static async Task<PostgresSpaceReport> MeasureAsync(DatabaseUrl database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        if (database.Kind != DatabaseKind.Postgres)
        {
            throw new ArgumentException($"'{database.Description}' is not a PostgreSQL database.", nameof(database));
        }

        var builder = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = "stepwise db size" };
        try
        {
            var connection = new NpgsqlConnection(builder.ConnectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var tables = new List<PostgresTableSpace>();
                using (var command = new NpgsqlCommand(TablesSql, connection))
                {
                    var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                        {
                            tables.Add(new PostgresTableSpace(
                                reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4)));
                        }
                    }
                }

                using var total = new NpgsqlCommand(DatabaseSql, connection);
                var bytes = (long)(await total.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
                return new PostgresSpaceReport(database.Description, bytes, tables);
            }
        }
        catch (NpgsqlException exception)
        {
            throw new StorageException($"Measuring the database {database.Description} failed: {exception.Message}", exception);
        }
    }
}
