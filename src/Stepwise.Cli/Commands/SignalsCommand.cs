using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise signals list|show|send</c>: runs waiting for signals (approvals, <c>ctx.WaitForSignalAsync</c>) on a
/// server, and sending them one (<c>/api/v1/signals</c>, <c>/api/v1/executions/{id}/signals</c>). Exit codes: 0 done,
/// 1 the server refused (not waiting, already answered) or could not be reached, 2 bad usage.
/// </summary>
internal static class SignalsCommand
{
    public static Command Create()
    {
        var command = new Command("signals", "Runs waiting for signals (approvals), and sending them one");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(SendCommand());
        return command;
    }

    private static Command ListCommand()
    {
        var status = new Option<string?>("--status")
        {
            Description = "waiting (default), received, timed_out or all",
            HelpName = "STATUS",
        };
        var workflow = new Option<string?>("--workflow") { Description = "Only waits of this workflow", HelpName = "NAME" };
        var kind = new Option<string?>("--kind") { Description = "Only waits of this kind: approval or signal", HelpName = "KIND" };
        var limit = new Option<string?>("--limit") { Description = "At most this many (1-200, default 50)", HelpName = "N" };
        var cursor = new Option<string?>("--cursor") { Description = "The next page: the cursor a previous page printed", HelpName = "CURSOR" };
        var command = new Command("list", "Waits for signals, oldest first (by default the runs still waiting)")
        {
            status, workflow, kind, limit, cursor,
        };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery(
                "api/v1/signals",
                ("status", parseResult.GetValue(status)),
                ("workflow", parseResult.GetValue(workflow)),
                ("kind", parseResult.GetValue(kind)),
                ("limit", parseResult.GetValue(limit)),
                ("cursor", parseResult.GetValue(cursor)))),
            (_, page) =>
            {
                WriteWaits(page["items"] as JsonArray ?? []);
                if (page["next_cursor"] is JsonValue next)
                {
                    Console.Out.WriteLine($"more: --cursor {JsonCells.Text(next)}");
                }
            });
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<string>("EXECUTION_ID") { Description = "The run" };
        var command = new Command("show", "The signals one run waits or waited for, with their answers") { id };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(
                HttpMethod.Get, $"api/v1/executions/{ServerClient.Escape(parseResult.GetRequiredValue(id))}/signals"),
            (_, page) =>
            {
                var items = page["items"] as JsonArray ?? [];
                WriteWaits(items);
                foreach (var wait in items.OfType<JsonObject>().Where(w => w["payload"] is not null))
                {
                    Console.Out.WriteLine(
                        $"{JsonCells.Text(wait["signal"])}: {wait["payload"]!.ToJsonString()} by {JsonCells.Text(wait["sent_by"])}");
                }
            });
        return command;
    }

    private static Command SendCommand()
    {
        var id = new Argument<string>("EXECUTION_ID") { Description = "The waiting run" };
        var name = new Argument<string>("SIGNAL") { Description = "The signal's name (an approval's node id)" };
        var payload = new Option<string?>("--payload")
        {
            Description = "The signal's payload, a JSON object (default {})",
            HelpName = "JSON",
        };
        var approve = new Option<bool>("--approve") { Description = "Approve: the payload {\"approved\": true}" };
        var reject = new Option<bool>("--reject") { Description = "Reject: the payload {\"approved\": false}" };
        var comment = new Option<string?>("--comment") { Description = "With --approve or --reject: the comment", HelpName = "TEXT" };
        var command = new Command("send", "Send a signal to a waiting run, which then resumes (on whichever node claims it)")
        {
            id, name, payload, approve, reject, comment,
        };
        command.Validators.Add(result =>
        {
            var decided = result.GetValue(approve) || result.GetValue(reject);
            if (result.GetValue(approve) && result.GetValue(reject))
            {
                result.AddError("Use --approve or --reject, not both.");
            }
            else if (decided && result.GetValue(payload) is not null)
            {
                result.AddError("Use --payload or --approve/--reject, not both.");
            }
            else if (!decided && result.GetValue(comment) is not null)
            {
                result.AddError("--comment goes with --approve or --reject.");
            }
            else if (result.GetValue(payload) is { } text && !IsJsonObject(text))
            {
                result.AddError("--payload must be a JSON object, such as '{\"approved\": true}'");
            }
        });
        ServerCall.Define(
            command,
            parseResult =>
            {
                var body = parseResult.GetValue(approve) || parseResult.GetValue(reject)
                    ? new JsonObject { ["approved"] = parseResult.GetValue(approve), ["comment"] = parseResult.GetValue(comment) }.ToJsonString()
                    : parseResult.GetValue(payload) ?? "{}";
                return new ServerRequest(
                    HttpMethod.Post,
                    $"api/v1/executions/{ServerClient.Escape(parseResult.GetRequiredValue(id))}/signals/" +
                    ServerClient.Escape(parseResult.GetRequiredValue(name)),
                    body);
            },
            (_, sent) => Console.Out.WriteLine(
                $"{JsonCells.Text(sent["execution_id"])}  {JsonCells.Text(sent["signal"])}  {JsonCells.Text(sent["status"])}"));
        return command;
    }

    private static void WriteWaits(JsonArray waits) =>
        ServerTable.Write(
            Console.Out,
            ["EXECUTION", "SIGNAL", "WORKFLOW", "KIND", "STATUS", "SINCE", "DUE", "MESSAGE"],
            waits.Select(wait => (IReadOnlyList<string>)
            [
                JsonCells.Text(wait?["execution_id"]), JsonCells.Text(wait?["signal"]), JsonCells.Text(wait?["workflow"]),
                JsonCells.Text(wait?["kind"]), JsonCells.Text(wait?["status"]), JsonCells.Time(wait?["waiting_since"]),
                JsonCells.Time(wait?["due_at"]), JsonCells.Text(wait?["details"]?["message"]),
            ]));

    private static bool IsJsonObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
