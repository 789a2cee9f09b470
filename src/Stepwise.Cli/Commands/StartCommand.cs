using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise start NAME [--input JSON] [--wait 30s]</c>: starts a run on a server. Without --wait it prints the
/// run's id; with it, the outcome. Exit codes: 0 started (or, with --wait, succeeded), 1 refused or failed, 2 bad usage.
/// </summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The workflow to run" };
        var input = new Option<string?>("--input", "-i") { Description = "The params as a JSON object", HelpName = "JSON" };
        var wait = CommonOptions.Wait("Wait up to this long for the outcome, e.g. 30s (at most 5m)");
        var server = ServerClient.ServerOption();
        var key = ServerClient.KeyOption();
        var org = ServerClient.OrgOption();
        var output = CommonOptions.Output();
        var command = new Command("start", "Start a run of a deployed workflow on a server") { name, input, wait, output };
        ServerClient.AddOptions(command, server, key, org);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var body = parseResult.GetValue(input) ?? "{}";
            try
            {
                if (JsonNode.Parse(body) is not JsonObject)
                {
                    await Console.Error.WriteLineAsync("stepwise: --input must be a JSON object, e.g. '{\"name\":\"Ada\"}'");
                    return ExitCodes.Usage;
                }
            }
            catch (JsonException exception)
            {
                await Console.Error.WriteLineAsync($"stepwise: --input is not valid JSON at {JsonInputError.Describe(exception)}");
                return ExitCodes.Usage;
            }

            using var client = ServerClient.Create(parseResult.GetValue(server), parseResult.GetValue(key), parseResult.GetValue(org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var query = parseResult.GetValue(wait) is { } duration ? $"?wait={Uri.EscapeDataString(duration)}" : string.Empty;
            var answer = await client.SendAsync(
                HttpMethod.Post, $"api/v1/workflows/{ServerClient.Escape(parseResult.GetRequiredValue(name))}/executions{query}",
                body, "application/json", cancellationToken);
            if (answer is null)
            {
                return ExitCodes.Failed;
            }

            if (CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json)
            {
                JsonOutput.Write(Console.Out, answer);
            }
            else
            {
                WaitedRun.WriteText(answer);
            }

            return WaitedRun.ExitCode(answer);
        });
        return command;
    }
}
