using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;
using Stepwise.Core.Storage;
using Stepwise.Storage.Common;

namespace Stepwise.Storage.Backup;

/// <summary>
/// What a backup records about the store it copied, and what a restore checks before replacing anything: the schema
/// version, how many runs (and how many were unfinished, to resume), and the fingerprints of the keys the store's
/// secrets and tokens need (never the keys). Read-only; no migration.
/// </summary>
public sealed record StoreSummary(
    int SchemaVersion, long Executions, long Unfinished, IReadOnlyDictionary<string, string> KeyFingerprints)
{
    // The tables appear with these migrations: runs with the first, key fingerprints with the seventh.
    private const int ExecutionsSince = 1;
    private const int KeyFingerprintsSince = 7;

    private const string CountsSql =
        $"SELECT COUNT(*), COALESCE(SUM(CASE WHEN status IN ({StatusNames.UnfinishedSqlList}) THEN 1 ELSE 0 END), 0) FROM executions";

    private const string FingerprintsSql = "SELECT name, fingerprint FROM key_fingerprints";

    /// <summary>Reads the summary of the store <paramref name="database"/> names; throws <see cref="StorageException"/> when it cannot.</summary>
    public static async Task<StoreSummary> ReadAsync(DatabaseUrl database, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        int version;
        var migrator = await database.OpenMigratorAsync(TimeProvider.System, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (migrator.ConfigureAwait(false))
        {
            version = await migrator.GetCurrentVersionAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var connection = Connect(database);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
                var (executions, unfinished) = version >= ExecutionsSince
                    ? await CountAsync(connection, cancellationToken).ConfigureAwait(false)
                    : (0, 0);
                var fingerprints = version >= KeyFingerprintsSince
                    ? await FingerprintsAsync(connection, cancellationToken).ConfigureAwait(false)
                    : new Dictionary<string, string>(StringComparer.Ordinal);
                return new StoreSummary(version, executions, unfinished, fingerprints);
            }
        }
        catch (DbException exception)
        {
            throw new StorageException($"Cannot read the store '{database.Description}': {exception.Message}", exception);
        }
    }

    private static DbConnection Connect(DatabaseUrl database) => database.Kind == DatabaseKind.Postgres
        ? new NpgsqlConnection(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Pooling = false,
            ApplicationName = "stepwise db",
        }.ConnectionString)
        : new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.GetFullPath(database.ConnectionString),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());

    private static async Task<(long Executions, long Unfinished)> CountAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = CountsSql;
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return (
                Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture));
        }
    }

    private static async Task<Dictionary<string, string>> FingerprintsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = FingerprintsSql;
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using (reader.ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                fingerprints[reader.GetString(0)] = reader.GetString(1);
            }
        }

        return fingerprints;
    }
}
