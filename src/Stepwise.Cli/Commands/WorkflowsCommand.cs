using System.CommandLine;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise workflows list|show|delete</c>: the deployed workflows of a server, YAML and C# alike
/// (<c>/api/v1/workflows</c>). Exit codes: 0 done, 1 the server refused (unknown workflow) or could not be reached,
/// 2 bad usage.
/// </summary>
internal static class WorkflowsCommand
{
    public static Command Create()
    {
        var command = new Command("workflows", "List, show and delete the workflows deployed on a server");
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(DeleteCommand());
        return command;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "The deployed workflows with their current version and triggers");
        ServerCall.Define(
            command,
            _ => new ServerRequest(HttpMethod.Get, "api/v1/workflows"),
            (_, list) => ServerTable.Write(
                Console.Out,
                ["NAME", "VERSION", "VERSIONS", "UPDATED", "TRIGGERS", "DESCRIPTION"],
                (list["items"] as JsonArray ?? []).Select(workflow => (IReadOnlyList<string>)
                [
                    JsonCells.Text(workflow?["name"]), JsonCells.Text(workflow?["version"]), JsonCells.Text(workflow?["versions"]),
                    JsonCells.Time(workflow?["updated_at"]), Triggers(workflow?["triggers"]), JsonCells.Text(workflow?["description"]),
                ])));
        return command;
    }

    private static Command ShowCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The workflow" };
        var command = new Command("show", "One workflow: its version, params, triggers and nodes") { name };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Get, $"api/v1/workflows/{ServerClient.Escape(parseResult.GetRequiredValue(name))}"),
            (_, workflow) => WriteDetail(workflow));
        return command;
    }

    private static Command DeleteCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The workflow" };
        var command = new Command(
            "delete",
            "Delete a workflow: it is no longer listed or runnable; runs already started finish on their version")
        {
            name,
        };
        ServerCall.Define(
            command,
            parseResult => new ServerRequest(HttpMethod.Delete, $"api/v1/workflows/{ServerClient.Escape(parseResult.GetRequiredValue(name))}"),
            (parseResult, _) => Console.Out.WriteLine($"deleted {parseResult.GetRequiredValue(name)}"),
            selectJson: (parseResult, _) => new JsonObject { ["name"] = parseResult.GetRequiredValue(name), ["deleted"] = true });
        return command;
    }

    private static void WriteDetail(JsonNode workflow)
    {
        var source = workflow["source"] is JsonValue text && text.TryGetValue<string>(out var s) ? s : "";
        var code = source.StartsWith("{\"code_workflow\"", StringComparison.Ordinal) ? JsonNode.Parse(source) : null;
        Console.Out.WriteLine($"name:        {JsonCells.Text(workflow["name"])}");
        Console.Out.WriteLine($"description: {JsonCells.Text(workflow["description"])}");
        Console.Out.WriteLine(
            $"version:     {JsonCells.Text(workflow["version"])} of {JsonCells.Text(workflow["versions"])}, " +
            $"deployed {JsonCells.Time(workflow["created_at"])}");
        Console.Out.WriteLine(code is null
            ? "kind:        yaml"
            : $"kind:        c# ({JsonCells.Text(code["file"])}, workspace version {JsonCells.Text(code["workspace_version"])})");
        var definition = workflow["definition"];
        Console.Out.WriteLine($"timeout:     {JsonCells.Text(definition?["timeout"])}");
        Console.Out.WriteLine($"triggers:    {Triggers(definition?["triggers"])}");
        if (definition?["params"] is JsonArray { Count: > 0 } parameters)
        {
            Console.Out.WriteLine();
            ServerTable.Write(
                Console.Out,
                ["PARAM", "TYPE", "REQUIRED", "DEFAULT"],
                parameters.Select(p => (IReadOnlyList<string>)
                [
                    JsonCells.Text(p?["name"]), JsonCells.Text(p?["type"]), JsonCells.Text(p?["required"]), JsonCells.Text(p?["default"]),
                ]));
        }

        if (definition?["nodes"] is JsonArray { Count: > 0 } nodes)
        {
            Console.Out.WriteLine();
            ServerTable.Write(
                Console.Out,
                ["NODE", "TYPE"],
                nodes.Select(n => (IReadOnlyList<string>)[JsonCells.Text(n?["id"]), JsonCells.Text(n?["type"])]));
        }
    }

    private static string Triggers(JsonNode? triggers) =>
        triggers is JsonArray { Count: > 0 } items
            ? string.Join(",", items.Select(t => t?["type"] is JsonValue type ? JsonCells.Text(type) : "?"))
            : "-";
}
