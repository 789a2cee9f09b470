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
        foreach (var error in parseResult.Errors)
        {
            Console.Error.WriteLine($"stepwise: {error.Message}");
        }

        Console.Error.WriteLine($"Run '{CommandPath(parseResult.CommandResult)} --help' for usage.");
        return ExitCodes.Usage;
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
