using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Cli.Rendering;

namespace Stepwise.Cli.Commands;

/// <summary>
/// <c>stepwise diagnostics [--server URL] [--key KEY] [--output-dir DIR] [--data DIR]</c>: gathers what a bug report
/// needs into <c>stepwise-diagnostics-&lt;UTC timestamp&gt;.tar.gz</c>. A part that cannot be fetched becomes an
/// error file in the bundle and is named on stderr (exit 0); an unreachable server is exit 1 and no bundle.
/// </summary>
internal static class DiagnosticsCommand
{
    public static Command Create()
    {
        var server = ServerClient.ServerOption();
        var key = ServerClient.KeyOption();
        var outputDir = new Option<DirectoryInfo?>("--output-dir")
        {
            Description = "Folder the bundle is written to (default: the current folder)",
            HelpName = "DIR",
        };
        var cpuSeconds = new Option<int>("--cpu-seconds")
        {
            Description = "How long the bundle's CPU profile samples the server, 1-60 seconds; 0 leaves it out (default 5)",
            HelpName = "N",
            DefaultValueFactory = _ => DefaultCpuSeconds,
        };
        cpuSeconds.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 60)
            {
                result.AddError($"Invalid value '{result.GetValueOrDefault<int>()}' for --cpu-seconds: expected 0 (no CPU profile) to 60.");
            }
        });
        var data = ServerVerbs.DataOption();
        data.Description = "Data folder whose settings go into config.json (default: as 'stepwise config show')";
        var command = new Command(
            "diagnostics", "Bundle version, health, metrics, runtime counters, thread stacks, heap and CPU profiles and settings into a .tar.gz for a bug report")
        {
            server, key, outputDir, cpuSeconds, data,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var apiKey = parseResult.GetValue(key) ?? StepwiseSettings.Variable("STEPWISE_KEY");
            using var client = ServerClient.Create(parseResult.GetValue(server), apiKey, org: null);
            if (client is null)
            {
                return ExitCodes.Usage;
            }

            var folder = parseResult.GetValue(outputDir) ?? new DirectoryInfo(Directory.GetCurrentDirectory());
            return await RunAsync(client, apiKey!.Trim(), folder, parseResult.GetValue(data), parseResult.GetValue(cpuSeconds), cancellationToken);
        });
        return command;
    }

    public const int DefaultCpuSeconds = 5;

    private static async Task<int> RunAsync(
        ServerClient client, string apiKey, DirectoryInfo folder, DirectoryInfo? data, int cpuSeconds, CancellationToken cancellationToken)
    {
        var live = await client.GetTextAsync("health/live", cancellationToken);
        if (live.Unreachable)
        {
            await Console.Error.WriteLineAsync($"stepwise: {live.Error}; no bundle was written");
            return ExitCodes.Failed;
        }

        var bundle = new DiagnosticsBundle(apiKey);
        bundle.Add("version.json", JsonOutput.Format(VersionJson(live)));
        await bundle.AddFetchedAsync(client, "health.json", "health/detailed", cancellationToken);
        await bundle.AddFetchedAsync(client, "metrics.txt", "metrics", cancellationToken);
        await bundle.AddFetchedAsync(client, "runtime.json", "debug/runtime", cancellationToken);

        // The stacks first: the heap snapshot's full collection and the CPU profile's sampling would change them.
        await bundle.AddFetchedAsync(client, "threads.txt", "debug/threads", cancellationToken);
        await bundle.AddFetchedAsync(client, "heap.json", "debug/profile/heap", cancellationToken);
        if (cpuSeconds > 0)
        {
            await bundle.AddFetchedAsync(
                client, "cpu.speedscope.json", $"debug/profile/cpu?seconds={cpuSeconds.ToString(CultureInfo.InvariantCulture)}", cancellationToken);
        }
        bundle.Add("config.json", JsonOutput.Format(ConfigCommand.ShowJson(data)));
        bundle.Add("system.txt", SystemText());

        var now = TimeProvider.System.GetUtcNow();
        var name = $"stepwise-diagnostics-{now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}";
        string path;
        try
        {
            folder.Create();
            path = await bundle.WriteNewAsync(folder.FullName, name, now, cancellationToken);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"stepwise: cannot write the bundle to '{folder.FullName}': {exception.Message}");
            return ExitCodes.Failed;
        }

        foreach (var failure in bundle.Failures)
        {
            await Console.Error.WriteLineAsync($"warning: {failure}");
        }

        await Console.Out.WriteLineAsync(path);
        return ExitCodes.Success;
    }

    private static JsonObject VersionJson(FetchResult live)
    {
        JsonNode? server = null;
        if (live.Text is { } text)
        {
            try
            {
                server = JsonNode.Parse(text)?["version"]?.DeepClone();
            }
            catch (System.Text.Json.JsonException)
            {
                server = null;
            }
        }

        return new JsonObject
        {
            ["cli_version"] = VersionCommand.ProgramVersion,
            ["cli_runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
            ["server_version"] = server ?? (live.Error is null ? null : JsonValue.Create(live.Error)),
        };
    }

    private static string SystemText()
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return string.Join('\n',
        [
            $"os: {System.Runtime.InteropServices.RuntimeInformation.OSDescription}",
            $"architecture: {System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}",
            $"cpu_count: {Environment.ProcessorCount}",
            $"memory_available_bytes: {memory.ToString(CultureInfo.InvariantCulture)}",
            $"dotnet: {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}",
            $"runtime_identifier: {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}",
            string.Empty,
        ]);
    }
}
