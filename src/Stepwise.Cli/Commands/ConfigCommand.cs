using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise config validate|show [--data DIR]</c>: the settings <c>stepwise serve</c> would start with, from
/// stepwise.json, the environment and flags. Exit codes: 0 valid, 1 a setting is wrong (each is named), 2 a bad
/// argument.
/// </summary>
internal static class ConfigCommand
{
    public static Command Create()
    {
        var command = new Command("config", "Check and show the server's settings (environment over stepwise.json)");
        command.Subcommands.Add(ValidateCommand());
        command.Subcommands.Add(ShowCommand());
        return command;
    }

    private static Command ValidateCommand()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("validate", "Check every setting as 'stepwise serve' would, without starting it") { data, output };
        command.SetAction(parseResult =>
        {
            var report = Build(parseResult.GetValue(data));
            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, new JsonObject
                {
                    ["valid"] = report.Problems.Count == 0,
                    ["file"] = report.FilePath,
                    ["problems"] = Strings(report.Problems),
                    ["warnings"] = Strings(report.Warnings),
                });
            }
            else
            {
                foreach (var warning in report.Warnings)
                {
                    Console.Error.WriteLine($"warning: {warning}");
                }

                foreach (var problem in report.Problems)
                {
                    Console.Error.WriteLine($"stepwise: {problem}");
                }

                if (report.Problems.Count == 0)
                {
                    Console.Out.WriteLine(report.FilePath is null
                        ? "ok: the settings are valid (no stepwise.json; environment and defaults)"
                        : $"ok: the settings are valid (file {report.FilePath}, environment over it)");
                }
            }

            return report.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var data = ServerVerbs.DataOption();
        var output = CommonOptions.Output();
        var command = new Command("show", "Show each setting's value and where it comes from; secrets are masked") { data, output };
        command.SetAction(parseResult =>
        {
            var report = Build(parseResult.GetValue(data));
            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, ShowJson(report));
            }
            else
            {
                Console.Out.WriteLine($"file: {report.FilePath ?? "(none)"}");
                ServerTable.Write(
                    Console.Out,
                    ["SETTING", "VALUE", "SOURCE"],
                    report.Settings.Select(setting => (IReadOnlyList<string>)[setting.Name, setting.Value, setting.Source]));
                foreach (var problem in report.Problems)
                {
                    Console.Error.WriteLine($"stepwise: {problem}");
                }
            }

            return report.Problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    /// <summary>What <c>config show -o json</c> prints (secrets masked); also the diagnostics bundle's config.json.</summary>
    public static JsonObject ShowJson(DirectoryInfo? data) => ShowJson(Build(data));

    private static JsonObject ShowJson(ConfigReport report) => new()
    {
        ["file"] = report.FilePath,
        ["settings"] = new JsonArray([.. report.Settings.Select(setting => (JsonNode)new JsonObject
        {
            ["name"] = setting.Name,
            ["value"] = setting.Value,
            ["source"] = setting.Source,
            ["description"] = setting.Description,
        })]),
        ["problems"] = Strings(report.Problems),
    };

    private static ConfigReport Build(DirectoryInfo? data)
    {
        var flags = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (data is not null)
        {
            // As for 'stepwise serve --data': the data folder holds files; DATABASE_URL alone chooses the store.
            flags[ServerSettings.DataKey] = data.FullName;
        }

        return ConfigReport.Build(flags, StepwiseSettings.Variables());
    }

    private static JsonArray Strings(IEnumerable<string> values) =>
        new([.. values.Select(value => (JsonNode)JsonValue.Create(value))]);
}
