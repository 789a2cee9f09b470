using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;
using Stepwise.Storage.Migrations;

namespace Stepwise.Cli.Commands;

/// <summary><c>db current</c> and <c>db history</c>: read the schema version; change nothing.</summary>
internal static class DbSchemaCommands
{
    public static Command Current()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("current", "Show the schema version of the database and whether it is up to date")
        {
            data, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (migrator, error) = await DbFile.OpenMigratorAsync(parseResult.GetValue(data), create: false, cancellationToken);
            if (migrator is null)
            {
                return DbCommand.Fail(error!);
            }

            await using (migrator)
            {
                var current = await migrator.GetCurrentVersionAsync(cancellationToken);
                var head = migrator.LatestVersion;
                var state = StateOf(current, head);
                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    JsonOutput.Write(Console.Out, new JsonObject
                    {
                        ["database"] = migrator.Location,
                        ["current_version"] = current,
                        ["head_version"] = head,
                        ["state"] = state,
                    });
                }
                else
                {
                    await Console.Out.WriteLineAsync(Describe(current, head));
                    await Console.Out.WriteLineAsync($"database: {migrator.Location}");
                }

                return state == "ahead" ? ExitCodes.Failed : ExitCodes.Success;
            }
        });
        return command;
    }

    public static Command History()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("history", "List every schema version, newest first, with when each was applied")
        {
            data, output,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var (migrator, error) = await DbFile.OpenMigratorAsync(parseResult.GetValue(data), create: false, cancellationToken);
            if (migrator is null)
            {
                return DbCommand.Fail(error!);
            }

            await using (migrator)
            {
                var history = await migrator.GetHistoryAsync(cancellationToken);
                var current = await migrator.GetCurrentVersionAsync(cancellationToken);
                var head = migrator.LatestVersion;
                var newestFirst = history.OrderByDescending(entry => entry.Version).ToList();
                if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
                {
                    JsonOutput.Write(Console.Out, new JsonArray([.. newestFirst.Select(entry => (JsonNode)new JsonObject
                    {
                        ["version"] = entry.Version,
                        ["description"] = entry.Description,
                        ["applied_at"] = entry.AppliedAt,
                        ["state"] = EntryState(entry),
                        ["is_current"] = entry.Version == current,
                        ["is_head"] = entry.Version == head,
                    })]));
                }
                else
                {
                    ServerTable.Write(
                        Console.Out,
                        ["VERSION", "DESCRIPTION", "APPLIED", "STATE"],
                        newestFirst.Select(entry => (IReadOnlyList<string>)
                        [
                            entry.Version.ToString(CultureInfo.InvariantCulture),
                            entry.Description,
                            ServerTable.Time(entry.AppliedAt),
                            Markers(entry, current, head),
                        ]));
                }

                return ExitCodes.Success;
            }
        });
        return command;
    }

    /// <summary>up_to_date, behind, ahead, or empty (a new file with no schema yet).</summary>
    public static string StateOf(int current, int head) =>
        current == 0 ? "empty" : current == head ? "up_to_date" : current < head ? "behind" : "ahead";

    public static string Describe(int current, int head) => StateOf(current, head) switch
    {
        "empty" => $"0 (base: no schema yet; run 'stepwise db upgrade' to create version {head})",
        "up_to_date" => $"{current} (head)",
        "behind" => $"{current} (behind: head is {head}; run 'stepwise db upgrade', or start the server, which upgrades)",
        _ => $"{current} (ahead: this stepwise knows versions up to {head}; a newer stepwise migrated this database. " +
            $"Run that version, or downgrade with it: 'stepwise db downgrade {head}')",
    };

    private static string EntryState(MigrationHistoryEntry entry) =>
        !entry.IsKnown ? "unknown" : entry.AppliedAt is null ? "pending" : "applied";

    private static string Markers(MigrationHistoryEntry entry, int current, int head)
    {
        var marks = new List<string>
        {
            entry.IsKnown ? entry.AppliedAt is null ? "pending" : "applied" : "applied by a newer stepwise",
        };
        if (entry.Version == current)
        {
            marks.Add("current");
        }

        if (entry.Version == head)
        {
            marks.Add("head");
        }

        return string.Join(", ", marks);
    }
}
