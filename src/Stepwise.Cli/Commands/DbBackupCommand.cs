using System.CommandLine;
using System.Globalization;
using Stepwise.Cli.Backup;
using Stepwise.Cli.Rendering;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>db backup FILE</c>: an online backup of the store the node uses, into one archive (see <see cref="StoreBackup"/>).
/// Exit 0 written, 1 not (the message says why), 2 a bad argument.
/// </summary>
internal static class DbBackupCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The archive to write (a tar file; readable by its owner only)" };
        var excludeKeys = new Option<bool>("--exclude-keys")
        {
            Description = "Leave the data folder's master.key and jwt-signing.key out (keep them elsewhere: a restore needs them)",
        };
        var force = new Option<bool>("--force") { Description = "Overwrite FILE if it exists" };
        var pgBin = PgBinOption();
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command(
            "backup", "Back up the store while the server runs: the database, the key files and a manifest, in one archive")
        {
            file, excludeKeys, force, pgBin, data, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var archive = Path.GetFullPath(parseResult.GetRequiredValue(file).FullName);
            if (File.Exists(archive) && !parseResult.GetValue(force))
            {
                return DbCommand.Fail($"'{archive}' exists: choose another name, or add --force to overwrite it.");
            }

            var (node, error) = DbFile.ResolveNode(parseResult.GetValue(data));
            if (node is null)
            {
                return DbCommand.Fail(error!);
            }

            BackupResult result;
            try
            {
                result = await StoreBackup.CreateAsync(
                    node, archive, parseResult.GetValue(excludeKeys), parseResult.GetValue(pgBin)?.FullName, cancellationToken);
            }
            catch (Exception exception) when (exception is BackupException or ServerConfigurationException || DbFile.IsStoreProblem(exception))
            {
                return DbCommand.Fail(exception.Message);
            }

            foreach (var warning in result.Warnings)
            {
                await Console.Error.WriteLineAsync($"warning: {warning}");
            }

            await AuditAsync(node, result, cancellationToken);
            await ReportAsync(result, node, parseResult.GetValue(excludeKeys), CommonOptions.ToFormat(parseResult.GetValue(output)));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Option<DirectoryInfo?> PgBinOption() => new("--pg-bin")
    {
        Description = "Folder holding pg_dump and pg_restore (default: PATH, then /usr/lib/postgresql/<newest>/bin)",
        HelpName = "DIR",
    };

    /// <summary>
    /// Records the backup in the store it copied, when that store is at this stepwise's schema: opening an older one
    /// would migrate it under the feet of the (older) server using it.
    /// </summary>
    private static async Task AuditAsync(NodeSettings node, BackupResult result, CancellationToken cancellationToken)
    {
        var head = MigrationCatalog.All[^1].Version;
        if (result.Manifest.Store.SchemaVersion != head)
        {
            await Console.Error.WriteLineAsync(
                $"note: no audit entry was written: the store is at schema version {result.Manifest.Store.SchemaVersion} " +
                $"and this stepwise's is {head}.");
            return;
        }

        var (storage, error) = await DbFile.OpenStoreAsync(node, cancellationToken);
        if (storage is null)
        {
            await Console.Error.WriteLineAsync($"note: no audit entry was written: {error}");
            return;
        }

        await using (storage)
        {
            await CliAudit.RecordAsync(
                storage, TenancyBootstrap.DefaultOrgId,
                new AuditEntry(AuditActions.StoreBackup, "backup", Path.GetFileName(result.File), Detail: result.File),
                cancellationToken);
        }
    }

    private static async Task ReportAsync(BackupResult result, NodeSettings node, bool excludeKeys, OutputFormat format)
    {
        var manifest = result.Manifest;
        if (format == OutputFormat.Json)
        {
            var json = manifest.ToJson();
            json["file"] = result.File;
            json["file_bytes"] = result.Bytes;
            JsonOutput.Write(Console.Out, json);
            return;
        }

        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Backed up {manifest.Source} (schema version {manifest.Store.SchemaVersion}, {manifest.Store.Executions} runs, " +
            $"{manifest.Store.Unfinished} unfinished) to {result.File} ({result.Bytes / 1048576.0:0.0} MB): " +
            $"{string.Join(", ", manifest.Files.Select(file => file.Name))}."));
        var keys = manifest.Files.Where(file => file.Name is MasterKeyFile.FileName or JwtKeyFile.FileName).ToList();
        await Console.Out.WriteLineAsync(keys.Count > 0
            ? "The archive holds the keys that open the store's secrets: keep it as safe as the keys themselves."
            : excludeKeys || BackupKeys.FilesInUse(node).Count == 0
                ? $"The archive holds no key: keep the master key ({MasterKeys.MasterKeyKey} or master.key) and the JWT signing key " +
                  "where a restore can find them; without the master key no secret in the backup can be read."
                : "The archive holds no key.");
    }
}
