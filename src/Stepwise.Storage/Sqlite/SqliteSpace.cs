using System.Globalization;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// <c>stepwise db size</c>: rows and bytes of each table of a SQLite file, read-only, safe beside a running server.
/// The e_sqlite3 that Microsoft.Data.Sqlite ships is built without the <c>dbstat</c> virtual table, so pages per table
/// are not known: each table reports the bytes of its stored values (the sum of each column's length as a blob),
/// and the file its page count, page size and free pages.
/// </summary>
public static class SqliteSpace
{
    private const string TablesSql =
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name";

    /// <summary>
    /// Measures the file; throws <see cref="StorageException"/> when it is missing or cannot be read as a database.
    /// </summary>
    public static async Task<SqliteSpaceReport> MeasureAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new StorageException($"Database not found: '{fullPath}'.");
        }

        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString();
        try
        {
            var connection = new SqliteConnection(connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var tables = new List<SqliteTableSpace>();
                foreach (var name in await ReadNamesAsync(connection, cancellationToken).ConfigureAwait(false))
                {
                    tables.Add(await MeasureTableAsync(connection, name, cancellationToken).ConfigureAwait(false));
                }

                var pageSize = await ScalarAsync(connection, "PRAGMA page_size;", cancellationToken).ConfigureAwait(false);
                var pageCount = await ScalarAsync(connection, "PRAGMA page_count;", cancellationToken).ConfigureAwait(false);
                var freePages = await ScalarAsync(connection, "PRAGMA freelist_count;", cancellationToken).ConfigureAwait(false);
                var wal = new FileInfo(fullPath + "-wal");
                return new SqliteSpaceReport(
                    fullPath, new FileInfo(fullPath).Length, wal.Exists ? wal.Length : 0, pageSize, pageCount, freePages, tables);
            }
        }
        catch (SqliteException exception)
        {
            throw new StorageException($"SQLite cannot read '{fullPath}' as a database: {exception.Message}", exception);
        }
    }

    private static async Task<SqliteTableSpace> MeasureTableAsync(
        SqliteConnection connection, string name, CancellationToken cancellationToken)
    {
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = $"SELECT name FROM pragma_table_info({Quote(name, '\'')})";
            using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add($"COALESCE(length(CAST({Quote(reader.GetString(0), '"')} AS BLOB)), 0)");
            }
        }

        var valueBytes = columns.Count == 0 ? "0" : string.Join(" + ", columns);
        using var measure = connection.CreateCommand();
        measure.CommandText = $"SELECT COUNT(*), COALESCE(SUM({valueBytes}), 0) FROM {Quote(name, '"')}";
        using var totals = await measure.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await totals.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new SqliteTableSpace(name, totals.GetInt64(0), totals.GetInt64(1));
    }

    private static string Quote(string name, char quote) =>
        quote + name.Replace(quote.ToString(), new string(quote, 2), StringComparison.Ordinal) + quote;

    private static async Task<List<string>> ReadNamesAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        using var command = connection.CreateCommand();
        command.CommandText = TablesSql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }
}
