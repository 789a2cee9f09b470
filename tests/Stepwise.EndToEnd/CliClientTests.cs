using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>The CLI's client verbs (deploy, start, executions) against a real server.</summary>
public sealed class CliClientTests : IClassFixture<SharedServer>
{
    private readonly ServerInstance server;

    public CliClientTests(SharedServer shared) => server = shared.Server;

    private Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        StepwiseProcess.RunAsync(args, new Dictionary<string, string>
        {
            ["STEPWISE_SERVER"] = server.BaseUrl,
            ["STEPWISE_KEY"] = ServerInstance.AdminKey,
        });

    [Fact]
    public async Task DeployStartListShowRetryCancel_ThroughTheCli_Work()
    {
        var deployed = await CliAsync("deploy", RepoPaths.Examples);
        Assert.True(deployed.ExitCode == 0, deployed.Stderr);
        Assert.Contains("process_all version 1 deployed", deployed.Stdout, StringComparison.Ordinal);

        var again = await CliAsync("deploy", Path.Combine(RepoPaths.Examples, "greet.yaml"));
        Assert.Contains("greet version 1 unchanged", again.Stdout, StringComparison.Ordinal);

        var invalid = await CliAsync("deploy", Path.Combine(RepoPaths.Examples, "invalid", "cycle.yaml"));
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("cycle in connections", invalid.Stderr, StringComparison.Ordinal);

        var started = await CliAsync("start", "greet", "--input", """{"name":"Ada","n":21}""", "--wait", "30s", "--output", "json");
        Assert.True(started.ExitCode == 0, started.Stderr);
        var run = JsonNode.Parse(started.Stdout)!;
        Assert.Equal(42, run["output"]!["doubled"]!.GetValue<int>());
        var id = run["id"]!.GetValue<string>();

        var missing = await CliAsync("start", "greet", "--input", """{"name":"Ada"}""");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Missing required parameter: n", missing.Stderr, StringComparison.Ordinal);

        var listed = await CliAsync("executions", "list", "--workflow", "greet");
        Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("ID", listed.Stdout, StringComparison.Ordinal);

        var shown = await CliAsync("executions", "show", id);
        Assert.Contains("shape", shown.Stdout, StringComparison.Ordinal);

        var retried = await CliAsync("executions", "retry", id, "--from", "shape", "--wait", "30s");
        Assert.True(retried.ExitCode == 0, retried.Stderr);
        Assert.Contains("succeeded", retried.Stdout, StringComparison.Ordinal);

        var logsJson = await CliAsync("executions", "logs", id, "--output", "json");
        Assert.True(logsJson.ExitCode == 0, logsJson.Stderr);
        var items = JsonNode.Parse(logsJson.Stdout)!["items"]!.AsArray();
        Assert.NotEmpty(items);
        var logs = await CliAsync("executions", "logs", id);
        Assert.True(logs.ExitCode == 0, logs.Stderr);
        Assert.Equal(items.Count, logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains(items[0]!["message"]!.GetValue<string>(), logs.Stdout, StringComparison.Ordinal);
        var noRun = await CliAsync("executions", "logs", "00000000-0000-0000-0000-000000000000");
        Assert.Equal(1, noRun.ExitCode);
        Assert.Contains("not found", noRun.Stderr, StringComparison.Ordinal);

        var cancelled = await CliAsync("executions", "cancel", id);
        Assert.Equal(1, cancelled.ExitCode);
        Assert.Contains("has already finished", cancelled.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bug_13_retry_and_compensate_wait_exited_0_silently_when_the_run_failed()
    {
        // Each step fails every time, and so does the undo of the step that succeeded: retry and compensation fail.
        using var folder = new TempFolder();
        var file = folder.File("bug13.yaml");
        await File.WriteAllTextAsync(file, """
            name: bug13_always_fails
            nodes:
              - id: book
                type: transform
                with: { ok: true }
                compensate:
                  type: fail
                  with: { message: "undo refused" }
              - id: pay
                type: fail
                with: { message: "card declined" }
            """);

        Assert.Equal(0, (await CliAsync("deploy", file)).ExitCode);
        var started = await CliAsync("start", "bug13_always_fails", "--wait", "30s", "--output", "json");
        Assert.True(started.ExitCode == 1, started.Stdout + started.Stderr);
        var id = JsonNode.Parse(started.Stdout)!["id"]!.GetValue<string>();

        var retried = await CliAsync("executions", "retry", id, "--wait", "30s");
        Assert.True(retried.ExitCode == 1, $"exit {retried.ExitCode}\n{retried.Stdout}\n{retried.Stderr}");
        Assert.Contains($"{id}  failed", retried.Stdout, StringComparison.Ordinal);
        Assert.Contains("stepwise: run failed: node 'pay' failed: card declined", retried.Stderr, StringComparison.Ordinal);

        var retriedJson = await CliAsync("executions", "retry", id, "--wait", "30s", "--output", "json");
        Assert.Equal(1, retriedJson.ExitCode);
        Assert.Equal("failed", (string?)JsonNode.Parse(retriedJson.Stdout)!["status"]);

        var compensated = await CliAsync("executions", "compensate", id, "--wait", "30s");
        Assert.True(compensated.ExitCode == 1, $"exit {compensated.ExitCode}\n{compensated.Stdout}\n{compensated.Stderr}");
        Assert.Contains($"{id}  failed", compensated.Stdout, StringComparison.Ordinal);
        Assert.Contains("undo refused", compensated.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompensateWait_CompensationSucceeds_ExitsZero()
    {
        using var folder = new TempFolder();
        var file = folder.File("compensates.yaml");
        await File.WriteAllTextAsync(file, """
            name: compensates_cleanly
            nodes:
              - id: book
                type: transform
                with: { ok: true }
                compensate:
                  type: log
                  with: { message: "booking undone" }
              - id: pay
                type: fail
                with: { message: "card declined" }
            """);

        Assert.Equal(0, (await CliAsync("deploy", file)).ExitCode);
        var started = await CliAsync("start", "compensates_cleanly", "--wait", "30s", "--output", "json");
        var id = JsonNode.Parse(started.Stdout)!["id"]!.GetValue<string>();

        var compensated = await CliAsync("executions", "compensate", id, "--wait", "30s");

        Assert.True(compensated.ExitCode == 0, $"exit {compensated.ExitCode}\n{compensated.Stdout}\n{compensated.Stderr}");
        Assert.Contains($"{id}  compensated", compensated.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionRun_TransformAndFail_PrintsOutputOrErrorWithExitCode()
    {
        var ran = await CliAsync("action", "run", "transform", "--with", """{"sum": "${{ params.a + params.b }}"}""", "--input", """{"a": 2, "b": 40}""", "--output", "json");
        Assert.True(ran.ExitCode == 0, ran.Stderr);
        var result = JsonNode.Parse(ran.Stdout)!;
        Assert.Equal(("succeeded", 42), (result["status"]!.GetValue<string>(), result["output"]!["sum"]!.GetValue<int>()));

        var failed = await CliAsync("action", "run", "fail", "--with", """{"message": "nope"}""");
        Assert.Equal(1, failed.ExitCode);
        Assert.StartsWith("fail  failed", failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("stepwise: action failed: nope", failed.Stderr, StringComparison.Ordinal);

        var bad = await CliAsync("action", "run", "transform", "--with", "[1]");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--with must be a JSON object", bad.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClientVerb_NoKey_IsAUsageError()
    {
        var result = await StepwiseProcess.RunAsync(
            ["executions", "list", "--server", server.BaseUrl], new Dictionary<string, string>());
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no API key", result.Stderr, StringComparison.Ordinal);
    }
}
