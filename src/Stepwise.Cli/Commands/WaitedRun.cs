using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// How a verb that can wait for a run (<c>start</c>, <c>executions retry|compensate --wait</c>) shows the server's
/// answer and which exit code it gives: 1 when the run ended without doing its work, so scripts can stop on it.
/// </summary>
internal static class WaitedRun
{
    /// <summary>Writes <c>ID  STATUS</c>, the run's output, and its error on standard error.</summary>
    public static void WriteText(JsonNode answer)
    {
        var status = JsonCells.Text(answer["status"]);
        Console.Out.WriteLine($"{JsonCells.Text(answer["id"])}  {status}");
        if (answer["output"] is { } result)
        {
            JsonOutput.Write(Console.Out, result);
        }

        if (answer["error"] is JsonValue error && error.TryGetValue<string>(out var message))
        {
            Console.Error.WriteLine($"stepwise: run {status}: {message}");
        }
    }

    /// <summary>
    /// 1 when the run failed, was cancelled or timed out, or (unless a compensation was asked for) ended compensated;
    /// 0 when it succeeded or is still going (no --wait, or the wait ran out).
    /// </summary>
    public static int ExitCode(JsonNode answer, bool compensationAsked = false) =>
        (answer["status"] as JsonValue)?.TryGetValue<string>(out var status) == true
        && (status is "failed" or "cancelled" or "timed_out" || (status == "compensated" && !compensationAsked))
            ? ExitCodes.Failed
            : ExitCodes.Success;
}
