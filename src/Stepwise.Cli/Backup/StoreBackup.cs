using Stepwise.Cli.Commands;
using Stepwise.Storage;
using Stepwise.Storage.Backup;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Backup;

/// <summary>
/// <c>stepwise db backup FILE</c>: a consistent copy of the live store (SQLite's online backup API, or pg_dump's
/// snapshot), checked (<c>PRAGMA integrity_check</c> on a SQLite copy, so a damaged store is reported now rather than
/// at restore), with the node's key files and a manifest, written as one archive. The server keeps running and
/// writing throughout.
/// </summary>
internal static class StoreBackup
{
    public static async Task<BackupResult> CreateAsync(
        NodeSettings node, string archivePath, bool excludeKeys, string? pgBin, CancellationToken cancellationToken)
    {
        var database = node.Options.Database;
        var folder = Path.GetDirectoryName(archivePath)!;
        Directory.CreateDirectory(folder);
        var staging = Staging.Create(folder, "backup");
        try
        {
            var store = database.Kind == DatabaseKind.Postgres
                ? await DumpPostgresAsync(database, staging.FullName, pgBin, cancellationToken)
                : await CopySqliteAsync(database, staging.FullName, cancellationToken);
            var files = new List<string> { database.Kind == DatabaseKind.Postgres ? BackupArchive.PostgresFile : BackupArchive.SqliteFile };
            if (!excludeKeys)
            {
                foreach (var name in BackupKeys.FilesInUse(node))
                {
                    var source = Path.Combine(node.Options.DataDirectory, name);
                    if (File.Exists(source))
                    {
                        File.Copy(source, Path.Combine(staging.FullName, name));
                        files.Add(name);
                    }
                }
            }

            var entries = new List<BackupEntry>();
            foreach (var name in files)
            {
                entries.Add(await BackupArchive.DescribeAsync(Path.Combine(staging.FullName, name), cancellationToken));
            }

            var manifest = new BackupManifest(
                TimeProvider.System.GetUtcNow(), ServerVersion.Current, database.Kind, SchemaGuard.Describe(database), store, entries);
            await BackupArchive.WriteAsync(archivePath, manifest, staging.FullName, cancellationToken);
            return new BackupResult(
                manifest, archivePath, new FileInfo(archivePath).Length, BackupKeys.Mismatches(store, staging.FullName, files));
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static async Task<StoreSummary> CopySqliteAsync(DatabaseUrl database, string staging, CancellationToken cancellationToken)
    {
        var source = Path.GetFullPath(database.ConnectionString);
        if (!File.Exists(source))
        {
            throw new BackupException(DbFile.NotFound(source));
        }

        var copy = Path.Combine(staging, BackupArchive.SqliteFile);
        SqliteSnapshot.Copy(source, copy);
        var problems = await SqliteIntegrity.CheckAsync(copy, cancellationToken);
        if (problems.Count > 0)
        {
            throw new BackupException(
                $"the store '{source}' is damaged ({problems.Count} problem(s) in PRAGMA integrity_check, the first: " +
                $"{problems[0]}); a backup would carry the damage. Run 'stepwise db check' and see docs/troubleshooting.md.");
        }

        return await StoreSummary.ReadAsync(DatabaseUrl.SqliteFile(copy), cancellationToken);
    }

    private static async Task<StoreSummary> DumpPostgresAsync(
        DatabaseUrl database, string staging, string? pgBin, CancellationToken cancellationToken)
    {
        var pgDump = PostgresTools.Find(PostgresTools.Dump, pgBin)
            ?? throw new BackupException(PostgresTools.NotFound(
                PostgresTools.Dump, pgBin, await PostgresTools.ServerVersionAsync(database, cancellationToken)));

        // Read before the dump: the summary is for messages and the key check of a restore, which needs the
        // fingerprints; the counts may differ from the dump by the runs started in between.
        var store = await StoreSummary.ReadAsync(database, cancellationToken);
        var (exitCode, errors) = await PostgresTools.RunAsync(
            pgDump,
            ["--format=custom", "--no-owner", "--no-privileges", "--file", Path.Combine(staging, BackupArchive.PostgresFile)],
            database,
            cancellationToken);
        if (exitCode != 0)
        {
            throw new BackupException($"pg_dump failed (exit {exitCode}) for {database.Description}: {errors}");
        }

        return store;
    }
}
