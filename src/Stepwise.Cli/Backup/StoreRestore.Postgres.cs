using Npgsql;
using Stepwise.Cli.Commands;
using Stepwise.Storage;
using Stepwise.Storage.Backup;

namespace Stepwise.Cli.Backup;

internal static partial class StoreRestore
{
    private static async Task<RestoreResult> RestorePostgresAsync(
        NodeSettings node, string archivePath, BackupManifest manifest, string staging, bool force, string? pgBin,
        CancellationToken cancellationToken)
    {
        var database = node.Options.Database;
        IReadOnlyList<string> sessions;
        try
        {
            sessions = await PostgresTools.OtherSessionsAsync(database, cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            throw new BackupException($"cannot reach the database {database.Description}: {exception.Message}");
        }

        if (sessions.Count > 0)
        {
            throw new BackupException(
                $"{sessions.Count} other session(s) are connected to {database.Description} " +
                $"({string.Join(", ", sessions.Distinct(StringComparer.Ordinal))}): stop every stepwise server using it " +
                "(and any other client), then restore.");
        }

        var serverVersion = await PostgresTools.ServerVersionAsync(database, cancellationToken);
        var pgRestore = PostgresTools.Find(PostgresTools.Restore, pgBin)
            ?? throw new BackupException(PostgresTools.NotFound(PostgresTools.Restore, pgBin, serverVersion));
        var dump = Path.Combine(staging, BackupArchive.PostgresFile);
        var (listed, listErrors) = await PostgresTools.RunAsync(pgRestore, ["--list", dump], database, cancellationToken);
        if (listed != 0)
        {
            throw new BackupException($"the backup's dump cannot be read by pg_restore: {listErrors} Use another backup.");
        }

        RequireKnownSchema(manifest.Store.SchemaVersion, manifest, Head);
        var current = await StoreSummary.ReadAsync(database, cancellationToken);
        var keptAside = new List<string>();
        if (current.SchemaVersion > 0)
        {
            var safety = Path.Combine(Path.GetFullPath(node.Options.DataDirectory), $"before-restore-{Stamp()}.pgdump");
            if (!force)
            {
                throw HoldsData(database.Description, current, $" (a pg_dump of it is kept as {Path.GetFileName(safety)} in the data folder)");
            }

            if (current.SchemaVersion > Head)
            {
                throw new BackupException(
                    $"the store {database.Description} is at schema version {current.SchemaVersion}, ahead of this stepwise: " +
                    "empty it with the stepwise that migrated it ('stepwise db downgrade base'), then restore.");
            }

            await KeepAsideAsync(database, safety, pgBin, serverVersion, cancellationToken);
            keptAside.Add(safety);
        }

        BackupKeys.RequireMatching(node, manifest, manifest.Store, staging);
        await ClearAsync(database, node.Options.DbMaxConnections, cancellationToken);
        var (restored, errors) = await PostgresTools.RunAsync(
            pgRestore,
            ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--dbname", ConnectionName(database), dump],
            database,
            cancellationToken);
        if (restored != 0)
        {
            throw new BackupException(
                $"pg_restore failed (exit {restored}) into {database.Description}: {errors}" +
                (keptAside.Count > 0 ? $" The store's data before the restore is in {keptAside[0]}." : string.Empty));
        }

        var (version, resumable) = await FinishAsync(node, database, archivePath, manifest, cancellationToken);
        return new RestoreResult(manifest, database.Description, version, resumable, keptAside, []);
    }

    private static async Task KeepAsideAsync(
        DatabaseUrl database, string path, string? pgBin, string? serverVersion, CancellationToken cancellationToken)
    {
        var pgDump = PostgresTools.Find(PostgresTools.Dump, pgBin)
            ?? throw new BackupException(PostgresTools.NotFound(PostgresTools.Dump, pgBin, serverVersion));
        var (exitCode, errors) = await PostgresTools.RunAsync(
            pgDump, ["--format=custom", "--no-owner", "--no-privileges", "--file", path], database, cancellationToken);
        if (exitCode != 0)
        {
            throw new BackupException($"pg_dump of the current store failed (exit {exitCode}), so nothing was replaced: {errors}");
        }
    }

    /// <summary>Drops the store's tables with its own migrations (nothing else in the database is touched).</summary>
    private static async Task ClearAsync(DatabaseUrl database, int maxConnections, CancellationToken cancellationToken)
    {
        var migrator = await StoreOpener.OpenMigratorAsync(database, maxConnections, TimeProvider.System, cancellationToken);
        await using (migrator)
        {
            await migrator.DowngradeAsync(0, cancellationToken);
        }
    }

    /// <summary>The database name for pg_restore's --dbname; the rest of the connection is in the PG* variables.</summary>
    private static string ConnectionName(DatabaseUrl database) =>
        new NpgsqlConnectionStringBuilder(database.ConnectionString).Database ?? "postgres";
}
