using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise schedules list</c>: the schedules a server runs for the organization, with their next and last fire
/// times, and its file watches; <c>stepwise schedules next NAME --count N</c>: a workflow's next N fire times. A client of <c>GET /api/v1/schedules</c> (<c>--server</c>, <c>--key</c>): the fire
/// times live in the running server. Exit codes: 0 listed, 1 the server refused or could not be reached, 2 bad usage.
/// </summary>
internal static class SchedulesCommand
{
    public static Command Create()
    {
        var command = new Command("schedules", "Show the schedules and file watches a server runs");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(NextCommand());
        return command;
    }

    private static Command NextCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The workflow whose schedules to show" };
        var count = new Option<int>("--count", "-n")
        {
            Description = "How many fire times to show (1-100)",
            HelpName = "N",
            DefaultValueFactory = _ => 5,
        };
        count.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.GetValueOrDefault<int>() is < 1 or > 100)
            {
                result.AddError($"--count must be a whole number from 1 to 100, got '{result.Tokens[0].Value}'.");
            }
        });
        var command = new Command("next", "Show a workflow's next fire times (one block per schedule trigger)") { name, count };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery(
                "api/v1/schedules",
                ("workflow", parseResult.GetValue(name)),
                ("count", parseResult.GetValue(count).ToString(System.Globalization.CultureInfo.InvariantCulture)))),
            (parseResult, answer) => WriteNext(parseResult.GetValue(name)!, Of(answer["schedules"], parseResult.GetValue(name))),
            (parseResult, answer) => new JsonObject
            {
                ["schedules"] = new JsonArray([.. Of(answer["schedules"], parseResult.GetValue(name)).Select(s => s.DeepClone())]),
            },
            (parseResult, answer) => Of(answer["schedules"], parseResult.GetValue(name)).Count == 0 ? ExitCodes.Failed : ExitCodes.Success);
        return command;
    }

    private static void WriteNext(string workflow, List<JsonNode> schedules)
    {
        if (schedules.Count == 0)
        {
            Console.Error.WriteLine($"stepwise: workflow '{workflow}' has no running schedule (is it deployed with a schedule trigger?)");
            return;
        }

        foreach (var schedule in schedules)
        {
            Console.Out.WriteLine($"{JsonCells.Text(schedule["cron"])} ({JsonCells.Text(schedule["timezone"])})");
            var times = (schedule["next_fire_times"] as JsonArray ?? []).OfType<JsonNode>().ToList();
            if (times.Count == 0)
            {
                Console.Out.WriteLine("  never fires again");
            }

            var zoneId = JsonCells.Text(schedule["timezone"]);
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId, out var found) ? found : null;
            foreach (var time in times)
            {
                var local = zone is not null && time is JsonValue value && value.TryGetValue<DateTimeOffset>(out var at)
                    ? $"  ({TimeZoneInfo.ConvertTime(at, zone):yyyy-MM-dd HH:mm:ss zzz} {zoneId})"
                    : string.Empty;
                Console.Out.WriteLine($"  {JsonCells.Time(time)}{local}");
            }
        }
    }

    private static Command ListCommand()
    {
        var workflow = new Option<string?>("--workflow") { Description = "Only the triggers of this workflow", HelpName = "NAME" };
        var command = new Command("list", "List schedules with their next and last fire times, and file watches") { workflow };
        ServerCall.Define(
            command,
            _ => new ServerRequest(HttpMethod.Get, "api/v1/schedules"),
            (parseResult, answer) => WriteTables(
                Of(answer["schedules"], parseResult.GetValue(workflow)), Of(answer["file_watches"], parseResult.GetValue(workflow))),
            (parseResult, answer) => new JsonObject
            {
                ["schedules"] = new JsonArray([.. Of(answer["schedules"], parseResult.GetValue(workflow)).Select(s => s.DeepClone())]),
                ["file_watches"] = new JsonArray([.. Of(answer["file_watches"], parseResult.GetValue(workflow)).Select(w => w.DeepClone())]),
            });
        return command;
    }

    private static void WriteTables(List<JsonNode> schedules, List<JsonNode> watches)
    {
        ServerTable.Write(
            Console.Out,
            ["WORKFLOW", "CRON", "TIMEZONE", "NEXT", "LAST"],
            schedules.Select(s => (IReadOnlyList<string>)
            [
                JsonCells.Text(s["workflow"]), JsonCells.Text(s["cron"]), JsonCells.Text(s["timezone"]),
                JsonCells.Time(s["next_fire_at"]), JsonCells.Time(s["last_fired_at"]),
            ]));
        if (watches.Count > 0)
        {
            Console.Out.WriteLine();
            ServerTable.Write(
                Console.Out,
                ["WORKFLOW", "FOLDER", "PATTERN", "EVENTS", "PRESENT"],
                watches.Select(w => (IReadOnlyList<string>)
                [
                    JsonCells.Text(w["workflow"]), JsonCells.Text(w["folder"]), JsonCells.Text(w["pattern"]),
                    JsonCells.List(w["events"]), JsonCells.Text(w["folder_present"]),
                ]));
        }
    }

    private static List<JsonNode> Of(JsonNode? items, string? workflow) =>
        [.. (items as JsonArray ?? []).OfType<JsonNode>()
            .Where(item => workflow is null || JsonCells.Text(item["workflow"]) == workflow)];
}
