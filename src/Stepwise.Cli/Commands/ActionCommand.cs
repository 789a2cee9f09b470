using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise action run TYPE --with JSON [--input JSON]</c>: tries one action alone on a server
/// (<c>POST /api/v1/actions/execute</c>), with the organization's secrets and configuration, and prints its output
/// or error and how long it took. Exit codes: 0 the action succeeded, 1 it failed or the server refused, 2 bad usage.
/// </summary>
internal static class ActionCommand
{
    public static Command Create()
    {
        var type = new Argument<string>("TYPE") { Description = "The action type, e.g. http or transform" };
        var with = new Option<string?>("--with", "-w")
        {
            Description = "The action's inputs (a node's with:) as a JSON object; may hold ${{ }} expressions",
            HelpName = "JSON",
        };
        var input = new Option<string?>("--input", "-i") { Description = "Values the inputs read as params.<name>, as a JSON object", HelpName = "JSON" };
        var server = ServerClient.ServerOption();
        var key = ServerClient.KeyOption();
        var org = ServerClient.OrgOption();
        var output = CommonOptions.Output();
        var run = new Command("run", "Run one action alone on a server, as a workflow step would (nothing is stored)") { type, with, input, output };
        ServerClient.AddOptions(run, server, key, org);
        run.SetAction(async (parseResult, cancellationToken) =>
        {
            if (ReadObject(parseResult.GetValue(with), "--with") is not { } config
                || ReadObject(parseResult.GetValue(input), "--input") is not { } inputData)
            {
                return ExitCodes.Usage;
            }

            using var client = ServerClient.Create(parseResult.GetValue(server), parseResult.GetValue(key), parseResult.GetValue(org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var body = new JsonObject
            {
                ["action_type"] = parseResult.GetRequiredValue(type),
                ["config"] = config,
                ["input_data"] = inputData,
            };
            var answer = await client.SendAsync(HttpMethod.Post, "api/v1/actions/execute", body.ToJsonString(), "application/json", cancellationToken);
            if (answer is null)
            {
                return ExitCodes.Failed;
            }

            var status = answer["status"]?.GetValue<string>();
            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, answer);
            }
            else
            {
                await Console.Out.WriteLineAsync($"{answer["action_type"]}  {status}  {answer["duration_ms"]} ms");
                if (answer["output"] is { } result)
                {
                    JsonOutput.Write(Console.Out, result);
                }

                if (answer["error"]?.GetValue<string>() is { } error)
                {
                    await Console.Error.WriteLineAsync($"stepwise: action {status}: {error}");
                }
            }

            return status == "succeeded" ? ExitCodes.Success : ExitCodes.Failed;
        });
        return new Command("action", "Try actions on a server") { run };
    }

    private static JsonObject? ReadObject(string? text, string option)
    {
        if (text is null)
        {
            return [];
        }

        try
        {
            if (JsonNode.Parse(text) is JsonObject value)
            {
                return value;
            }
        }
        catch (JsonException exception)
        {
            Console.Error.WriteLine($"stepwise: {option} is not valid JSON at {JsonInputError.Describe(exception)}");
            return null;
        }

        Console.Error.WriteLine($"stepwise: {option} must be a JSON object, e.g. '{{\"url\":\"https://example.com\"}}'");
        return null;
    }
}
