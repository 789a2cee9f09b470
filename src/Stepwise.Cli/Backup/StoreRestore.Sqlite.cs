using Microsoft.Data.Sqlite;
using Stepwise.Cli.Commands;
using Stepwise.Core.Storage;
using Stepwise.Storage;
using Stepwise.Storage.Backup;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Cli.Backup;

internal static partial class StoreRestore
{
    // The files SQLite keeps beside a database: a stale write-ahead log left next to a new file would be replayed
    // into it, so they move aside (or along) with the database.
    private static readonly string[] SqliteSidecars = [string.Empty, "-wal", "-shm", "-journal"];

    private static async Task<RestoreResult> RestoreSqliteAsync(
        NodeSettings node, string archivePath, BackupManifest manifest, string staging, bool force, CancellationToken cancellationToken)
    {
        var targetPath = Path.GetFullPath(node.Options.Database.ConnectionString);
        var staged = Path.Combine(staging, BackupArchive.SqliteFile);
        IReadOnlyList<string> problems;
        try
        {
            problems = await SqliteIntegrity.CheckAsync(staged, cancellationToken);
        }
        catch (StorageException exception)
        {
            throw new BackupException($"the backup's database cannot be read: {exception.Message} Use another backup.");
        }

        if (problems.Count > 0)
        {
            throw new BackupException(
                $"the backup's database is damaged ({problems.Count} problem(s) in PRAGMA integrity_check, the first: " +
                $"{problems[0]}): it cannot be restored. Use another backup.");
        }

        var store = await StoreSummary.ReadAsync(DatabaseUrl.SqliteFile(staged), cancellationToken);
        RequireKnownSchema(store.SchemaVersion, manifest, Head);

        var stamp = Stamp();
        var moves = new List<(string From, string To)>();
        if (File.Exists(targetPath))
        {
            StoreSummary? current = null;
            try
            {
                current = await StoreSummary.ReadAsync(DatabaseUrl.SqliteFile(targetPath), cancellationToken);
            }
            catch (Exception exception) when (DbFile.IsStoreProblem(exception))
            {
                // Unreadable: still somebody's data, replaced only with --force.
            }

            SqliteConnection.ClearAllPools();
            if (!force && (current is null || current.SchemaVersion > 0))
            {
                throw HoldsData(targetPath, current, $" (the current file is kept beside it as {Path.GetFileName(targetPath)}.before-restore-{stamp})");
            }
        }

        foreach (var suffix in SqliteSidecars.Where(suffix => File.Exists(targetPath + suffix)))
        {
            moves.Add((targetPath + suffix, $"{targetPath}{suffix}.before-restore-{stamp}"));
        }

        var keys = KeyFilesToInstall(node, manifest, staging, force, stamp, moves);
        BackupKeys.RequireMatching(node, manifest, store, staging);

        var (version, resumable) = await FinishAsync(node, DatabaseUrl.SqliteFile(staged), archivePath, manifest, cancellationToken);
        SqliteConnection.ClearAllPools();

        foreach (var (from, to) in moves)
        {
            File.Move(from, to);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(targetPath)!);
        foreach (var suffix in SqliteSidecars.Where(suffix => File.Exists(staged + suffix)))
        {
            File.Move(staged + suffix, targetPath + suffix);
        }

        InstallKeys(node, staging, keys);
        return new RestoreResult(manifest, targetPath, version, resumable, [.. moves.Select(move => move.To)], keys);
    }

    /// <summary>
    /// The backup's key files this node reads from its data folder; an existing file with another key is replaced
    /// only with --force, and kept aside.
    /// </summary>
    private static List<string> KeyFilesToInstall(
        NodeSettings node, BackupManifest manifest, string staging, bool force, string stamp, List<(string From, string To)> moves)
    {
        var data = Path.GetFullPath(node.Options.DataDirectory);
        var install = new List<string>();
        foreach (var name in BackupKeys.FilesInUse(node).Where(manifest.Holds))
        {
            var existing = Path.Combine(data, name);
            if (File.Exists(existing))
            {
                if (File.ReadAllBytes(existing).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(staging, name))))
                {
                    continue;
                }

                if (!force)
                {
                    throw new BackupException(
                        $"{existing} holds another key than the backup's {name}: restoring replaces it. Add --force to replace " +
                        $"it (the current file is kept beside it as {name}.before-restore-{stamp}).");
                }

                moves.Add((existing, $"{existing}.before-restore-{stamp}"));
            }

            install.Add(name);
        }

        return install;
    }

    private static void InstallKeys(NodeSettings node, string staging, IReadOnlyList<string> names)
    {
        var data = Path.GetFullPath(node.Options.DataDirectory);
        Directory.CreateDirectory(data);
        foreach (var name in names)
        {
            var path = Path.Combine(data, name);
            File.Move(Path.Combine(staging, name), path);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }
    }
}
