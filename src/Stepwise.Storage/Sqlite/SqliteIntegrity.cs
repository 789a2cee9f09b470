using System.Globalization;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Sqlite;

/// <summary>
/// <c>stepwise db check</c>: SQLite's own consistency checks of a database file, read-only, safe beside a running
/// server. <c>PRAGMA integrity_check</c> reads every page, index and constraint; <c>PRAGMA foreign_key_check</c>
/// finds rows whose parent is gone (steps of a deleted run, keys of a deleted organization).
/// </summary>
public static class SqliteIntegrity
{
    /// <summary>Most problems listed; integrity_check stops after this many too.</summary>
    public const int MaxProblems = 100;

    /// <summary>
    /// Returns the problems found; an empty list means the file is sound. Throws <see cref="StorageException"/> when
    /// the file cannot be opened as a SQLite database at all.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CheckAsync(string path, CancellationToken cancellationToken = default)
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
        var problems = new List<string>();
        try
        {
            var connection = new SqliteConnection(connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                await ReadIntegrityAsync(connection, problems, cancellationToken).ConfigureAwait(false);
                await ReadForeignKeysAsync(connection, problems, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (SqliteException exception)
        {
            throw new StorageException(
                $"SQLite cannot read '{fullPath}' as a database: {exception.Message}", exception);
        }

        return problems;
    }

    private static async Task ReadIntegrityAsync(
        SqliteConnection connection, List<string> problems, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA integrity_check({MaxProblems});");
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var line = reader.GetString(0);
                if (!string.Equals(line, "ok", StringComparison.Ordinal))
                {
                    problems.Add(line);
                }
            }
        }
    }

    private static async Task ReadForeignKeysAsync(
        SqliteConnection connection, List<string> problems, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA foreign_key_check;";
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (problems.Count < MaxProblems && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Columns: table, rowid (null for WITHOUT ROWID tables), parent table, foreign key index.
                var row = await reader.IsDBNullAsync(1, cancellationToken).ConfigureAwait(false) ? "a row" : $"row {reader.GetInt64(1).ToString(CultureInfo.InvariantCulture)}";
                problems.Add($"{row} of table {reader.GetString(0)} refers to a missing row of {reader.GetString(2)}");
            }
        }
    }
}
