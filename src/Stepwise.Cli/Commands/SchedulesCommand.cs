using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise schedules list</c>: the schedules a server runs for the organization, with their next and last fire
/// times, and its file watches. A client of <c>GET /api/v1/schedules</c> (<c>--server</c>, <c>--key</c>): the fire
/// times live in the running server. Exit codes: 0 listed, 1 the server refused or could not be reached, 2 bad usage.
/// </summary>
internal static class SchedulesCommand
{
    public static Command Create()
    {
        var command = new Command("schedules", "Show the schedules and file watches a server runs");
        command.Subcommands.Add(ListCommand());
        return command;
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
