using System.CommandLine;

namespace Stepwise.Cli.Commands;

/// <summary>Options several verbs share, so they read and parse the same everywhere.</summary>
internal static class CommonOptions
{
    public static Option<OutputFormat> Output(OutputFormat defaultFormat = OutputFormat.Text)
    {
        var option = new Option<OutputFormat>("--output", "-o")
        {
            Description = "Output format: text or json",
            HelpName = "text|json",
            DefaultValueFactory = _ => defaultFormat,
            CustomParser = result =>
            {
                var token = result.Tokens.Count == 0 ? string.Empty : result.Tokens[0].Value;
                switch (token.ToUpperInvariant())
                {
                    case "TEXT":
                        return OutputFormat.Text;
                    case "JSON":
                        return OutputFormat.Json;
                    default:
                        result.AddError($"Unknown output format '{token}': use text or json.");
                        return defaultFormat;
                }
            },
        };
        return option;
    }

    public static Option<DirectoryInfo?> Workflows() => new("--workflows", "-w")
    {
        Description = "Folder of workflow files that sub-workflow nodes may name",
        HelpName = "DIR",
    };

    public static Option<FileInfo?> Database() => new("--db")
    {
        Description = "SQLite database file that makes runs durable (created when missing)",
        HelpName = "PATH",
    };
}
