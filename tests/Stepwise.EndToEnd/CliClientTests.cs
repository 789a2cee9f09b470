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

        var cancelled = await CliAsync("executions", "cancel", id);
        Assert.Equal(1, cancelled.ExitCode);
        Assert.Contains("has already finished", cancelled.Stderr, StringComparison.Ordinal);
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
