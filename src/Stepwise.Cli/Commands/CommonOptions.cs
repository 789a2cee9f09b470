using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary>Options several verbs share, so they read and parse the same everywhere.</summary>
internal static class CommonOptions
{
    /// <summary><c>--output</c>, <c>-o</c>: one of <paramref name="formats"/>, the first being the default.</summary>
    public static Option<string> Output(params string[] formats)
    {
        if (formats.Length == 0)
        {
            formats = ["text", "json"];
        }

        var option = new Option<string>("--output", "-o")
        {
            Description = formats.Length == 1 ? $"Output format: {formats[0]} (the only one)" : "Output format: " + string.Join(" or ", formats),
            HelpName = string.Join('|', formats),
            DefaultValueFactory = _ => formats[0],
        };
        option.Validators.Add(result =>
        {
            var value = result.Tokens.Count == 0 ? formats[0] : result.Tokens[0].Value;
            if (!formats.Contains(value, StringComparer.Ordinal))
            {
                result.AddError($"Unknown output format '{value}': use {string.Join(" or ", formats)}.");
            }
        });
        return option;
    }

    public static OutputFormat ToFormat(string? value) =>
        string.Equals(value, "json", StringComparison.Ordinal) ? OutputFormat.Json : OutputFormat.Text;

    public static Option<DirectoryInfo?> Workflows()
    {
        var option = new Option<DirectoryInfo?>("--workflows", "-w")
        {
            Description = "Folder of workflow files that sub-workflow (workflow) nodes may name",
            HelpName = "DIR",
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && !Directory.Exists(result.Tokens[0].Value))
            {
                result.AddError($"Folder not found: '{result.Tokens[0].Value}' (given to --workflows).");
            }
        });
        return option;
    }

    public static Option<FileInfo?> Database() => new("--db")
    {
        Description = "SQLite database file that makes runs durable (created when missing)",
        HelpName = "PATH",
    };
}
