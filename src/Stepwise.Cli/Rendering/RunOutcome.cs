using Stepwise.Cli.Commands;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Rendering;

/// <summary>How a finished run is shown: its output on stdout when it succeeded, else its status and error on stderr.</summary>
internal static class RunOutcome
{
    /// <summary>Prints the outcome and returns the exit code it deserves.</summary>
    public static int Report(ExecutionRecord execution, bool showId)
    {
        var prefix = showId ? $"execution {execution.Id}: " : "run ";
        var took = execution is { StartedAt: { } started, FinishedAt: { } finished }
            ? " in " + StepText.Duration(finished - started)
            : string.Empty;
        switch (execution.Status)
        {
            case ExecutionStatus.Succeeded:
                Console.Error.WriteLine($"{prefix}succeeded{took}");
                JsonOutput.Write(Console.Out, execution.Output);
                return ExitCodes.Success;
            case ExecutionStatus.Cancelled:
                Console.Error.WriteLine($"stepwise: {prefix}cancelled: {execution.Error}");
                return ExitCodes.Cancelled;
            case ExecutionStatus.Compensated:
                Console.Error.WriteLine($"stepwise: {prefix}compensated (finished steps were undone) after: {execution.Error}");
                return ExitCodes.Failed;
            case ExecutionStatus.Failed or ExecutionStatus.TimedOut:
                Console.Error.WriteLine($"stepwise: {prefix}{StepText.Status(execution.Status)}: {execution.Error}");
                return ExitCodes.Failed;
            default:
                Console.Error.WriteLine($"stepwise: {prefix}is still {StepText.Status(execution.Status)}: another process is running it");
                return ExitCodes.Failed;
        }
    }
}
