using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise executions list|show|retry|cancel|compensate</c>: runs on a server. Exit codes: 0 done, 1 the
/// server refused or could not be reached, or the run a retry or compensation waited for (--wait) did not succeed
/// (as <c>start --wait</c>), 2 bad usage.
/// </summary>
internal static class ExecutionsCommand
{
    public static Command Create()
    {
        var command = new Command("executions", "List, show and control runs on a server");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(LogsCommand());
        command.Subcommands.Add(ControlCommand("retry", "Resume a finished run from its failed steps (or --from a node)", withFrom: true));
        command.Subcommands.Add(ControlCommand("cancel", "Cancel a run at its next step boundary", withFrom: false));
        command.Subcommands.Add(ControlCommand("compensate", "Undo a failed run's completed steps in reverse order", withFrom: false));
        return command;
    }

    private static Command ListCommand()
    {
        var status = new Option<string?>("--status") { Description = "Only runs with this status", HelpName = "STATUS" };
        var workflow = new Option<string?>("--workflow") { Description = "Only runs of this workflow", HelpName = "NAME" };
        var since = CommonOptions.Time("--since", "Created at or after (ISO 8601, or e.g. 24h ago)");
        var until = CommonOptions.Time("--until", "Created before (ISO 8601, or e.g. 1h ago)");
        var limit = CommonOptions.Limit("Runs per page (1-200, default 50)");
        var cursor = new Option<string?>("--cursor") { Description = "Continue after a previous page", HelpName = "CURSOR" };
        var command = new Command("list", "List runs, newest first") { status, workflow, since, until, limit, cursor };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery(
                "api/v1/executions",
                ("status", parseResult.GetValue(status)), ("workflow", parseResult.GetValue(workflow)),
                ("since", parseResult.GetValue(since)), ("until", parseResult.GetValue(until)),
                ("limit", parseResult.GetValue(limit)), ("cursor", parseResult.GetValue(cursor)))),
            (_, page) =>
            {
                ServerTable.Write(
                    Console.Out,
                    ["ID", "WORKFLOW", "VERSION", "STATUS", "CREATED", "DURATION"],
                    (page["items"] as JsonArray ?? []).Select(item => (IReadOnlyList<string>)
                    [
                        JsonCells.Text(item?["id"]), JsonCells.Text(item?["workflow"]), JsonCells.Text(item?["version"]),
                        JsonCells.Text(item?["status"]), JsonCells.Time(item?["created_at"]), JsonCells.Millis(item?["duration_ms"]),
                    ]));
                if (page["next_cursor"]?.GetValue<string>() is { } next)
                {
                    Console.Out.WriteLine($"more: --cursor {next}");
                }
            });
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<string>("ID") { Description = "The run's id" };
        var command = new Command("show", "Show a run with its steps, attempts and errors") { id };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(
                HttpMethod.Get, $"api/v1/executions/{ServerClient.Escape(parseResult.GetRequiredValue(id))}"),
            (_, run) => WriteRun(run));
        return command;
    }

    private static Command LogsCommand()
    {
        var id = new Argument<string>("ID") { Description = "The run's id" };
        var command = new Command("logs", "Print a run's log lines (time, level, step, message)") { id };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(
                HttpMethod.Get, $"api/v1/executions/{ServerClient.Escape(parseResult.GetRequiredValue(id))}/logs"),
            (_, logs) => WriteLogs(logs));
        return command;
    }

    private static void WriteLogs(JsonNode logs)
    {
        foreach (var line in (logs["items"] as JsonArray ?? []).OfType<JsonNode>())
        {
            var step = line["step_id"] is null ? string.Empty : $" [{JsonCells.Text(line["step_id"])}]";
            var data = line["data"] is { } extra ? " " + extra.ToJsonString() : string.Empty;
            Console.Out.WriteLine(
                $"{JsonCells.Time(line["at"])} {JsonCells.Text(line["level"]).ToUpperInvariant(),-5}{step} {JsonCells.Text(line["message"])}{data}");
        }
    }

    private static void WriteRun(JsonNode run)
    {
        Console.Out.WriteLine(
            $"{JsonCells.Text(run["id"])}  {JsonCells.Text(run["workflow"])} v{JsonCells.Text(run["version"])}  " +
            $"{JsonCells.Text(run["status"])}  {JsonCells.Millis(run["duration_ms"])}");
        if (run["error"]?.GetValue<string>() is { } error)
        {
            Console.Out.WriteLine($"error: {error}");
        }

        ServerTable.Write(
            Console.Out,
            ["STEP", "STATUS", "ATTEMPTS", "STARTED", "DURATION", "ERROR"],
            (run["steps"] as JsonArray ?? []).Select(step => (IReadOnlyList<string>)
            [
                JsonCells.Text(step?["step_id"]), JsonCells.Text(step?["status"]), JsonCells.Text(step?["attempts"]),
                JsonCells.Time(step?["started_at"]), JsonCells.Millis(step?["duration_ms"]), JsonCells.Text(step?["error"]),
            ]));
        if (run["output"] is { } result)
        {
            Console.Out.WriteLine("output:");
            JsonOutput.Write(Console.Out, result);
        }
    }

    private static Command ControlCommand(string verb, string description, bool withFrom)
    {
        var id = new Argument<string>("ID") { Description = "The run's id" };
        var from = new Option<string?>("--from") { Description = "Re-run from this node and everything after it", HelpName = "NODE" };
        var wait = CommonOptions.Wait("Wait up to this long for the outcome, e.g. 30s (at most 5m)");
        var command = new Command(verb, description) { id };
        if (withFrom)
        {
            command.Options.Add(from);
        }

        var waits = verb != "cancel";
        if (waits)
        {
            command.Options.Add(wait);
        }

        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Post, ServerCall.WithQuery(
                $"api/v1/executions/{ServerClient.Escape(parseResult.GetRequiredValue(id))}/{verb}",
                ("from", withFrom ? parseResult.GetValue(from) : null),
                ("wait", waits ? parseResult.GetValue(wait) : null))),
            (_, answer) =>
            {
                if (waits)
                {
                    WaitedRun.WriteText(answer);
                }
                else
                {
                    Console.Out.WriteLine($"{JsonCells.Text(answer["id"])}  {JsonCells.Text(answer["status"])}");
                }
            },
            exitCode: waits ? (_, answer) => WaitedRun.ExitCode(answer, compensationAsked: verb == "compensate") : null);
        return command;
    }
}
