using System.CommandLine;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise deploy DIR|FILE</c>: uploads workflow files to a server; every changed file becomes a new version.
/// A folder's files are deployed children first (a file that names a workflow not deployed yet is tried again after
/// the others). Exit codes: 0 all deployed, 1 some were refused or the server could not be reached, 2 bad usage.
/// </summary>
internal static class DeployCommand
{
    private static readonly string[] Extensions = [".yaml", ".yml", ".json"];

    public static Command Create()
    {
        var target = new Argument<string>("PATH") { Description = "A workflow file, or a folder of them" };
        var server = ServerClient.ServerOption();
        var key = ServerClient.KeyOption();
        var org = ServerClient.OrgOption();
        var output = CommonOptions.Output();
        var command = new Command("deploy", "Upload workflow files to a server (each change is a new version)") { target, output };
        ServerClient.AddOptions(command, server, key, org);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var path = parseResult.GetRequiredValue(target);
            string[] files;
            if (Directory.Exists(path))
            {
                files = [.. Directory.EnumerateFiles(path)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)];
                if (files.Length == 0)
                {
                    await Console.Error.WriteLineAsync($"stepwise: no .yaml, .yml or .json files in '{path}'");
                    return ExitCodes.Usage;
                }
            }
            else if (File.Exists(path))
            {
                files = [path];
            }
            else
            {
                await Console.Error.WriteLineAsync($"stepwise: no such file or folder: '{path}'");
                return ExitCodes.Usage;
            }

            using var client = ServerClient.Create(parseResult.GetValue(server), parseResult.GetValue(key), parseResult.GetValue(org));
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var json = CommonOptions.ToFormat(parseResult.GetValue(output)) == OutputFormat.Json;
            return await DeployAllAsync(client, files, json, cancellationToken);
        });
        return command;
    }

    private static async Task<int> DeployAllAsync(ServerClient client, string[] files, bool json, CancellationToken cancellationToken)
    {
        var results = new JsonArray();
        var pending = files.ToList();
        var lastErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var deployedThisPass = 0;
            foreach (var file in pending.ToList())
            {
                var source = await File.ReadAllTextAsync(file, cancellationToken);
                var type = Path.GetExtension(file).Equals(".json", StringComparison.OrdinalIgnoreCase) ? "application/json" : "application/yaml";
                var errors = new StringWriter();
                var original = Console.Error;
                Console.SetError(errors);
                JsonNode? answer;
                try
                {
                    answer = await client.SendAsync(HttpMethod.Post, "api/v1/workflows", source, type, cancellationToken);
                }
                finally
                {
                    Console.SetError(original);
                }

                if (answer is null)
                {
                    lastErrors[file] = errors.ToString();
                    continue;
                }

                pending.Remove(file);
                deployedThisPass++;
                answer["file"] = file;
                results.Add(answer);
                if (!json)
                {
                    var created = answer["created"]?.GetValue<bool>() == true;
                    await Console.Out.WriteLineAsync(
                        $"{file}: {answer["name"]} version {answer["version"]} {(created ? "deployed" : "unchanged")}");
                }
            }

            if (deployedThisPass == 0)
            {
                break;
            }
        }

        if (json)
        {
            JsonOutput.Write(Console.Out, results);
        }

        foreach (var file in pending)
        {
            var message = lastErrors[file];
            await Console.Error.WriteAsync($"stepwise: {file}: {(message.StartsWith("stepwise: ", StringComparison.Ordinal) ? message["stepwise: ".Length..] : message)}");
        }

        return pending.Count == 0 ? ExitCodes.Success : ExitCodes.Failed;
    }
}
