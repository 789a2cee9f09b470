using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Backup;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>db restore FILE</c>: puts a backup in place of the node's store (see <see cref="StoreRestore"/> for the checks
/// made first). Exit 0 restored, 1 refused or failed (nothing was replaced unless the message says so), 2 a bad argument.
/// </summary>
internal static class DbRestoreCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "An archive made by 'stepwise db backup'" };
        var force = new Option<bool>("--force")
        {
            Description = "Replace a store that holds data (a SQLite file is kept beside it; PostgreSQL is dumped first)",
        };
        var pgBin = DbBackupCommand.PgBinOption();
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command(
            "restore", "Restore a backup into the node's store (stop the server first); runs in flight at backup time resume")
        {
            file, force, pgBin, data, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (node, error) = DbFile.ResolveNode(parseResult.GetValue(data));
            if (node is null)
            {
                return DbCommand.Fail(error!);
            }

            RestoreResult result;
            try
            {
                result = await StoreRestore.RunAsync(
                    node, Path.GetFullPath(parseResult.GetRequiredValue(file).FullName), parseResult.GetValue(force),
                    parseResult.GetValue(pgBin)?.FullName, cancellationToken);
            }
            catch (Exception exception) when (exception is BackupException or ServerConfigurationException || DbFile.IsStoreProblem(exception))
            {
                return DbCommand.Fail(exception.Message);
            }

            await ReportAsync(result, CommonOptions.ToFormat(parseResult.GetValue(output)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task ReportAsync(RestoreResult result, OutputFormat format)
    {
        var manifest = result.Manifest;
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(Console.Out, new JsonObject
            {
                ["target"] = result.Target,
                ["backup"] = manifest.ToJson(),
                ["schema_version"] = result.SchemaVersion,
                ["resumable"] = result.Resumable,
                ["kept_aside"] = new JsonArray([.. result.KeptAside.Select(path => (JsonNode)JsonValue.Create(path))]),
                ["keys_installed"] = new JsonArray([.. result.KeysInstalled.Select(name => (JsonNode)JsonValue.Create(name))]),
            });
            return;
        }

        await Console.Out.WriteLineAsync(
            $"Restored the backup made {manifest.CreatedAt:u} by stepwise {manifest.StepwiseVersion} from {manifest.Source} " +
            $"into {result.Target}: schema version {manifest.Store.SchemaVersion}" +
            (result.SchemaVersion == manifest.Store.SchemaVersion ? string.Empty : $", migrated to {result.SchemaVersion}") +
            $"; {manifest.Store.Executions} runs, {result.Resumable} in flight at backup time resume when the server starts.");
        foreach (var name in result.KeysInstalled)
        {
            await Console.Out.WriteLineAsync($"Installed {name} from the backup.");
        }

        foreach (var path in result.KeptAside)
        {
            await Console.Out.WriteLineAsync($"The previous store is kept as {path}");
        }
    }
}
