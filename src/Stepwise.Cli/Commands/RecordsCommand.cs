using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise records list|get|create|process|reprocess</c>: a server's records (<c>/api/v1/records</c>).
/// Exit codes: 0 done, 1 the server refused or could not be reached, 2 bad usage.
/// </summary>
internal static class RecordsCommand
{
    public static Command Create()
    {
        var command = new Command("records", "Create, list and process records (data processed by the workflow bound to its category)");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(GetCommand());
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ProcessCommand("process", "Process a pending record with its category's workflow"));
        command.Subcommands.Add(ProcessCommand("reprocess", "Process a processed or failed record again"));
        return command;
    }

    private static Command ListCommand()
    {
        var status = new Option<string?>("--status") { Description = "pending, processing, processed or failed", HelpName = "STATUS" };
        var category = new Option<string?>("--category") { Description = "Only this category", HelpName = "CATEGORY" };
        var source = new Option<string?>("--source") { Description = "Only this source", HelpName = "SOURCE" };
        var sortBy = new Option<string?>("--sort-by") { Description = "created_at (default), updated_at, status, category or source", HelpName = "FIELD" };
        var sortOrder = new Option<string?>("--sort-order") { Description = "asc or desc (default)", HelpName = "ORDER" };
        var limit = CommonOptions.Limit("At most this many (1-200, default 50)");
        var offset = new Option<string?>("--offset") { Description = "Skip this many first", HelpName = "N" };
        var cursor = new Option<string?>("--cursor") { Description = "The next_cursor of a previous page", HelpName = "CURSOR" };
        var command = new Command("list", "List records, newest first") { status, category, source, sortBy, sortOrder, limit, offset, cursor };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, ServerCall.WithQuery(
                "api/v1/records",
                ("status", parseResult.GetValue(status)), ("category", parseResult.GetValue(category)),
                ("source", parseResult.GetValue(source)), ("sort_by", parseResult.GetValue(sortBy)),
                ("sort_order", parseResult.GetValue(sortOrder)), ("limit", parseResult.GetValue(limit)),
                ("offset", parseResult.GetValue(offset)), ("cursor", parseResult.GetValue(cursor)))),
            (_, page) =>
            {
                WriteTable(page["items"] as JsonArray ?? []);
                if (page["next_cursor"] is JsonValue next)
                {
                    Console.Out.WriteLine($"more: --cursor {next.GetValue<string>()}");
                }
            });
        return command;
    }

    private static Command GetCommand()
    {
        var id = new Argument<string>("ID") { Description = "The record's id" };
        var command = new Command("get", "Show one record with the runs that processed it") { id };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, $"api/v1/records/{ServerClient.Escape(parseResult.GetRequiredValue(id))}"),
            (_, record) => WriteRecord(record));
        return command;
    }

    private static Command CreateCommand()
    {
        var source = new Option<string>("--source") { Description = "Where the record comes from", HelpName = "SOURCE", Required = true };
        var category = new Option<string>("--category") { Description = "Its category (chooses the workflow)", HelpName = "CATEGORY", Required = true };
        var payload = new Option<string>("--payload") { Description = "The data, a JSON object (default {})", HelpName = "JSON", DefaultValueFactory = _ => "{}" };
        var command = new Command("create", "Store a record, pending") { source, category, payload };
        command.Validators.Add(result =>
        {
            if (result.GetValue(payload) is { } text && !IsJsonObject(text))
            {
                result.AddError("--payload must be a JSON object, such as '{\"key\": \"value\"}'");
            }
        });
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Post, "api/v1/records", new JsonObject
            {
                ["source"] = parseResult.GetRequiredValue(source),
                ["category"] = parseResult.GetRequiredValue(category),
                ["payload"] = JsonNode.Parse(parseResult.GetRequiredValue(payload)),
            }.ToJsonString()),
            (_, record) => WriteRecord(record));
        return command;
    }

    private static Command ProcessCommand(string name, string description)
    {
        var id = new Argument<string>("ID") { Description = "The record's id" };
        var wait = CommonOptions.Wait("How long to wait for the run (default 30s, at most 5m)");
        var command = new Command(name, description) { id, wait };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Post, ServerCall.WithQuery(
                $"api/v1/records/{ServerClient.Escape(parseResult.GetRequiredValue(id))}/{name}", ("wait", parseResult.GetValue(wait)))),
            (_, record) => WriteRecord(record));
        return command;
    }

    private static void WriteTable(JsonArray records) =>
        ServerTable.Write(
            Console.Out,
            ["ID", "SOURCE", "CATEGORY", "STATUS", "CREATED", "ERROR"],
            records.Select(record => (IReadOnlyList<string>)
            [
                JsonCells.Text(record?["id"]), JsonCells.Text(record?["source"]), JsonCells.Text(record?["category"]),
                JsonCells.Text(record?["status"]), JsonCells.Time(record?["created_at"]), JsonCells.Text(record?["error"]),
            ]));

    private static void WriteRecord(JsonNode record)
    {
        WriteTable([record.DeepClone()]);
        if (record["output"] is { } output)
        {
            Console.Out.WriteLine($"output: {output.ToJsonString()}");
        }

        foreach (var run in record["runs"] as JsonArray ?? [])
        {
            Console.Out.WriteLine($"run: {JsonCells.Text(run?["execution_id"])}  {JsonCells.Time(run?["created_at"])}");
        }
    }

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
