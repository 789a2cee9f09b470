using Stepwise.Cli.Commands;
using Stepwise.Storage;
using Stepwise.Storage.Backup;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Backup;

/// <summary>
/// <c>stepwise db restore FILE</c>, in an order that changes nothing until every check passed: no server may hold
/// the store; the archive must be intact (every file matches the manifest's SHA-256), its database sound
/// (<c>PRAGMA integrity_check</c>, or <c>pg_restore --list</c>) and not of a schema newer than this stepwise; a store
/// that holds data is replaced only with <c>--force</c> (a SQLite file is kept aside, not deleted); the node must
/// hold the keys the backup's secrets need. Then the store is put in place, migrated to this stepwise's head, and the
/// leases of the runs that were in flight when the backup was made are ended, so the next server resumes them at once
/// (no process holds them: the restore proved it), and the restore is audit-logged in the restored store.
/// </summary>
internal static partial class StoreRestore
{
    public const string CurrentOwner = "stepwise-restore";

    public static async Task<RestoreResult> RunAsync(
        NodeSettings node, string archivePath, bool force, string? pgBin, CancellationToken cancellationToken)
    {
        var database = node.Options.Database;
        var target = SchemaGuard.Describe(database);
        using var held = NodeLock.TryTake(node.Options.DataDirectory) ?? throw new BackupException(
            $"a stepwise server is running on {Path.GetFullPath(node.Options.DataDirectory)} (it holds " +
            $"{NodeLock.PathIn(node.Options.DataDirectory)}): stop it, then restore.");
        var stagingBeside = database.Kind == DatabaseKind.Sqlite
            ? Path.GetDirectoryName(Path.GetFullPath(database.ConnectionString))!
            : Path.GetFullPath(node.Options.DataDirectory);
        Directory.CreateDirectory(stagingBeside);
        var staging = Staging.Create(stagingBeside, "restore");
        try
        {
            var manifest = await BackupArchive.ExtractAsync(archivePath, staging.FullName, cancellationToken);
            if (manifest.Kind != database.Kind)
            {
                throw new BackupException(
                    $"'{archivePath}' is a backup of a {BackupManifest.KindName(manifest.Kind)} store, and this node's store is " +
                    $"{BackupManifest.KindName(database.Kind)} ({target}): restore it where a {BackupManifest.KindName(manifest.Kind)} " +
                    "store is configured.");
            }

            return database.Kind == DatabaseKind.Postgres
                ? await RestorePostgresAsync(node, archivePath, manifest, staging.FullName, force, pgBin, cancellationToken)
                : await RestoreSqliteAsync(node, archivePath, manifest, staging.FullName, force, cancellationToken);
        }
        finally
        {
            staging.Delete(recursive: true);
        }
    }

    private static void RequireKnownSchema(int version, BackupManifest manifest, int head)
    {
        if (version > head)
        {
            throw new BackupException(
                $"the backup is at schema version {version}, ahead of this stepwise {ServerVersion.Current}, which knows versions " +
                $"up to {head}: restore it with the stepwise that made it ({manifest.StepwiseVersion}) or a newer one.");
        }
    }

    private static BackupException HoldsData(string target, StoreSummary? current, string keptAs) =>
        new($"the store {target} already " +
            (current is null ? "exists and cannot be read as a store" : $"holds data (schema version {current.SchemaVersion}, {current.Executions} run(s))") +
            $": restoring replaces it. Add --force to replace it{keptAs}.");

    private static string Stamp() =>
        TimeProvider.System.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static int Head => MigrationCatalog.All[^1].Version;

    /// <summary>Opens the restored store (migrating it to this stepwise's head), ends every lease and records the restore.</summary>
    private static async Task<(int Version, int Resumable)> FinishAsync(
        NodeSettings node, DatabaseUrl database, string archivePath, BackupManifest manifest, CancellationToken cancellationToken)
    {
        StepwiseStorage storage;
        try
        {
            storage = await StoreOpener.OpenAsync(database, node.Options.DbMaxConnections, TimeProvider.System, null, cancellationToken);
        }
        catch (Exception exception) when (DbFile.IsStoreProblem(exception) || exception is SchemaVersionException)
        {
            throw new BackupException($"the restored store '{database.Description}' cannot be opened: {exception.Message}");
        }

        await using (storage)
        {
            var resumable = await storage.Executions.ExpireLeasesAsync(string.Empty, CurrentOwner, cancellationToken);
            await CliAudit.RecordAsync(
                storage, TenancyBootstrap.DefaultOrgId,
                new AuditEntry(AuditActions.StoreRestore, "backup", Path.GetFileName(archivePath),
                    Detail: $"made {manifest.CreatedAt:u} by stepwise {manifest.StepwiseVersion} from {manifest.Source}"),
                cancellationToken);
            return (storage.SchemaVersion, resumable);
        }
    }
}
