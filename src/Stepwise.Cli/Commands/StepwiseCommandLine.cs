using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace Stepwise.Cli.Commands;

/// <summary>
/// The root command: registers every verb, turns parse errors into one-line messages with exit code 2, and keeps
/// stack traces away from users.
/// </summary>
internal static class StepwiseCommandLine
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Stepwise: durable workflows from YAML or JSON definitions.");
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(ParseCommand.Create());
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ResumeCommand.Create());
        root.Subcommands.Add(VersionCommand.Create());
        ServerVerbs.AddTo(root);
        OperationsVerbs.AddTo(root);
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args)
    {
        var root = CreateRoot();

        // A bare "stepwise" and "stepwise help [VERB...]" print help, as "stepwise --help [VERB...]" does.
        if (args.Length == 0)
        {
            args = ["--help"];
        }
        else if (args[0] == "help")
        {
            args = [.. args.Skip(1), "--help"];
        }

        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            return ReportUsageErrors(parseResult);
        }

        var configuration = new InvocationConfiguration
        {
            EnableDefaultExceptionHandler = false,

            // Commands handle Ctrl+C themselves: a run stops at the next step boundary, which may take longer than
            // any fixed grace period.
            ProcessTerminationTimeout = null,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"stepwise: unexpected error: {exception.Message}");
            return ExitCodes.Failed;
        }
    }

    private static int ReportUsageErrors(ParseResult parseResult)
    {
        var command = parseResult.CommandResult.Command;
        var unmatched = parseResult.UnmatchedTokens;
        var needsVerb = command.Subcommands.Count > 0 && command.Action is null;
        var reportedUnmatched = false;
        foreach (var error in parseResult.Errors)
        {
            // "Required command was not provided." says less than the line below that lists the verbs.
            if (needsVerb && error.Message.StartsWith("Required command was not provided", StringComparison.Ordinal))
            {
                continue;
            }

            // The first word that matched nothing is the mistake; the words after it follow from it.
            var token = unmatched.FirstOrDefault(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal));
            if (token is not null)
            {
                if (reportedUnmatched)
                {
                    continue;
                }

                reportedUnmatched = true;
                Console.Error.WriteLine($"stepwise: {error.Message.TrimEnd('.')}{Hint(command, token)}");
                continue;
            }

            Console.Error.WriteLine($"stepwise: {error.Message}");
        }

        if (needsVerb && !reportedUnmatched)
        {
            Console.Error.WriteLine($"stepwise: '{CommandPath(parseResult.CommandResult)}' needs one of: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name))}");
        }

        Console.Error.WriteLine($"Run '{CommandPath(parseResult.CommandResult)} --help' for usage.");
        return ExitCodes.Usage;
    }

    /// <summary>"; did you mean 'deploy'?" for a mistyped verb, or "'--output'" for a mistyped option.</summary>
    private static string Hint(Command command, string token)
    {
        IEnumerable<string> candidates = token.StartsWith('-')
            ? command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name))
            : command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name));
        return Stepwise.Core.Definitions.Validation.Suggestions.Hint(token, candidates);
    }

    // "stepwise orgs create", not "stepwise create": the hint names every verb from the root down.
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (SymbolResult? current = command; current is not null; current = current.Parent)
        {
            if (current is CommandResult { Command: not RootCommand } verb)
            {
                names.Add(verb.Command.Name);
            }
        }

        names.Add("stepwise");
        names.Reverse();
        return string.Join(' ', names);
    }
}
