using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Stepwise.Core.Definitions;

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

    /// <summary>The longest <c>--wait</c> a server accepts.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    /// <summary>
    /// <c>--wait DURATION</c> of a client verb, checked here so a bad value is a usage error (exit 2) naming the flag,
    /// not a server's 422 naming its query parameter.
    /// </summary>
    public static Option<string?> Wait(string description)
    {
        var option = new Option<string?>("--wait") { Description = description, HelpName = "DURATION" };
        option.Validators.Add(result => Check(result, "--wait", text =>
            Duration.TryParse(text, out var wait) && wait > TimeSpan.Zero && wait <= MaxWait,
            "a duration from 1ms to 5m, such as 30s"));
        return option;
    }

    /// <summary><c>--limit N</c> of a client list verb: 1-200.</summary>
    public static Option<string?> Limit(string description)
    {
        var option = new Option<string?>("--limit") { Description = description, HelpName = "N" };
        option.Validators.Add(result => Check(result, "--limit", text =>
            int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit is >= 1 and <= 200,
            "a whole number from 1 to 200"));
        return option;
    }

    /// <summary>A time filter (<c>--since</c>, <c>--until</c>): ISO 8601, or a duration meaning that long ago.</summary>
    public static Option<string?> Time(string name, string description)
    {
        var option = new Option<string?>(name) { Description = description, HelpName = "TIME" };
        option.Validators.Add(result => Check(result, name, text =>
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            || (Duration.TryParse(text, out var ago) && ago >= TimeSpan.Zero),
            "an ISO 8601 time like 2026-03-01T12:00:00Z, or a duration meaning that long ago, like 24h"));
        return option;
    }

    /// <summary>A required age option such as <c>--older-than</c>; <c>0s</c> is a valid age (everything).</summary>
    public static void RequireDuration(Option<string> option) =>
        option.Validators.Add(result => Check(result, option.Name, text =>
            Duration.TryParse(text, out var value) && value >= TimeSpan.Zero, "a duration such as 24h or 7d"));

    private static void Check(OptionResult result, string flag, Func<string, bool> valid, string expected)
    {
        if (result.Tokens.Count > 0 && !valid(result.Tokens[0].Value))
        {
            result.AddError($"Invalid value '{result.Tokens[0].Value}' for {flag}: expected {expected}.");
        }
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
