using Spectre.Console;

namespace Stepwise.Cli.Rendering;

internal static class RunProgressFactory
{
    /// <summary>A live table when stderr is a terminal, plain lines when it is redirected (pipes, CI logs).</summary>
    public static IRunProgress ForStandardError()
    {
        if (Console.IsErrorRedirected)
        {
            return new PlainRunProgress(Console.Error);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
        });
        return new LiveRunProgress(console);
    }
}
