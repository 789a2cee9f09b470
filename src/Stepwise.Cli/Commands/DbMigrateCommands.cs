using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>db upgrade [VERSION]</c> and <c>db downgrade VERSION</c>. Each migration commits on its own, so an
/// interrupted or failed one leaves the database at the last version that completed.
/// </summary>
internal static class DbMigrateCommands
{
    public static Command Upgrade()
    {
        var target = TargetArgument("head", "Version to upgrade to: head (default), a number, or +N");
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("upgrade", "Apply pending migrations (the database is created when missing)")
        {
            target, data, output,
        };
        command.SetAction((parseResult, cancellationToken) => MigrateAsync(
            parseResult.GetValue(data), parseResult.GetRequiredValue(target), upgrade: true,
            CommonOptions.ToFormat(parseResult.GetValue(output)), cancellationToken));
        return command;
    }

    public static Command Downgrade()
    {
        var target = TargetArgument(null, "Version to go back to: -1 (one step), -N, a number, or base (drops every table)");
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command(
            "downgrade",
            "Revert migrations, newest first; the tables they created are dropped with their rows")
        {
            target, data, output,
        };
        command.SetAction((parseResult, cancellationToken) => MigrateAsync(
            parseResult.GetValue(data), parseResult.GetRequiredValue(target), upgrade: false,
            CommonOptions.ToFormat(parseResult.GetValue(output)), cancellationToken));
        return command;
    }

    private static Argument<string> TargetArgument(string? fallback, string description)
    {
        var argument = new Argument<string>("VERSION") { Description = description };
        if (fallback is not null)
        {
            argument.DefaultValueFactory = _ => fallback;
        }

        argument.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !DbTarget.TryParse(result.Tokens[0].Value, out _, out var error))
            {
                result.AddError(error);
            }
        });
        return argument;
    }

    private static async Task<int> MigrateAsync(
        DirectoryInfo? data, string targetText, bool upgrade, OutputFormat format, CancellationToken cancellationToken)
    {
        DbTarget.TryParse(targetText, out var target, out _);
        var (migrator, error) = await DbFile.OpenMigratorAsync(data, create: upgrade, cancellationToken);
        if (migrator is null)
        {
            return DbCommand.Fail(error!);
        }

        await using (migrator)
        {
            var from = await migrator.GetCurrentVersionAsync(cancellationToken);
            var head = migrator.LatestVersion;
            if (from > head)
            {
                return DbCommand.Fail(
                    $"the database '{migrator.Location}' is at schema version {from}, ahead of this stepwise, which " +
                    $"knows versions up to {head}. Migrate it with the stepwise that wrote it (for example " +
                    $"'stepwise db downgrade {head}' there).");
            }

            var to = target.Resolve(from, migrator.KnownVersions);
            if (!migrator.KnownVersions.Contains(to))
            {
                return DbCommand.Fail(
                    $"schema version {to} does not exist: this stepwise knows versions 0 (base) to {head}" +
                    (migrator.KnownVersions.Count == head + 1 ? string.Empty : $" ({string.Join(", ", migrator.KnownVersions)})") +
                    $", and the database is at {from}.");
            }

            if (upgrade ? to < from : to > from)
            {
                return DbCommand.Fail(upgrade
                    ? $"the database is at version {from}, above {to}; use 'stepwise db downgrade {to}' to go back."
                    : $"the database is at version {from}, below {to}; use 'stepwise db upgrade {to}' to go forward.");
            }

            IReadOnlyList<MigrationHistoryEntry> done;
            try
            {
                done = upgrade
                    ? await migrator.UpgradeAsync(to, cancellationToken)
                    : await migrator.DowngradeAsync(to, cancellationToken);
            }
            catch (Exception exception) when (DbFile.IsStoreProblem(exception))
            {
                var now = await migrator.GetCurrentVersionAsync(CancellationToken.None);
                return DbCommand.Fail($"{exception.Message} (the database is at version {now})");
            }

            Report(migrator.Location, from, to, done, upgrade, format);
            return ExitCodes.Success;
        }
    }

    private static void Report(
        string location, int from, int to, IReadOnlyList<MigrationHistoryEntry> done, bool upgrade, OutputFormat format)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.Write(Console.Out, new JsonObject
            {
                ["database"] = location,
                ["from_version"] = from,
                ["to_version"] = to,
                [upgrade ? "applied" : "reverted"] = new JsonArray([.. done.Select(entry => (JsonNode)new JsonObject
                {
                    ["version"] = entry.Version,
                    ["description"] = entry.Description,
                })]),
            });
            return;
        }

        if (done.Count == 0)
        {
            Console.Out.WriteLine($"Already at version {to}; nothing to do.");
            return;
        }

        Console.Out.WriteLine($"{(upgrade ? "Upgraded" : "Downgraded")} {location} from version {from} to {to}:");
        foreach (var entry in done)
        {
            Console.Out.WriteLine($"  {(upgrade ? "applied " : "reverted")} {entry.Version}  {entry.Description}");
        }
    }
}
