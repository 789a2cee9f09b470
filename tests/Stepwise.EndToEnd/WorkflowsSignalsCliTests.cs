using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>
/// <c>stepwise workflows list|show|delete</c> and <c>stepwise signals list|show|send</c> against a real server with
/// a workspace: a YAML approval and a C# <c>WaitForSignalAsync</c> answered from the command line.
/// </summary>
public sealed class WorkflowsSignalsCliTests
{
    private const string CodeRefund = """
        using Stepwise.Sdk;

        public static class Refund
        {
            [Workflow("code_refund", Description = "A refund in C#")]
            public static async Task<string> RunAsync(IWorkflowContext context, [Param(Required = true)] int amount)
            {
                var decision = await context.WaitForSignalAsync<Decision>("approve", TimeSpan.FromHours(1), $"Refund {amount}?");
                return decision is { Approved: true } ? $"paid {amount}" : "rejected";
            }
        }

        public sealed record Decision(bool Approved, string? Comment);
        """;

    [Fact]
    public async Task WorkflowsAndSignals_ThroughTheCli_ListShowSendDelete()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(Path.Combine(folder.Path, "workspace"));
        File.WriteAllText(Path.Combine(folder.Path, "workspace", "Refund.cs"), CodeRefund);
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client();
        Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
            StepwiseProcess.RunAsync(args, new Dictionary<string, string>
            {
                ["STEPWISE_SERVER"] = server.BaseUrl,
                ["STEPWISE_KEY"] = ServerInstance.AdminKey,
            });

        Assert.Equal(0, (await CliAsync("deploy", Path.Combine(RepoPaths.Examples, "refund.yaml"))).ExitCode);
        var listed = await CliAsync("workflows", "list");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.StartsWith("NAME", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("code_refund", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("A refund in C#", listed.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^refund\s+1\s+1\s", listed.Stdout);

        var shown = await CliAsync("workflows", "show", "code_refund");
        Assert.True(shown.ExitCode == 0, shown.Stderr);
        Assert.Contains("kind:        c# (Refund.cs, workspace version ", shown.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^amount\s+int\s+true", shown.Stdout);
        var yaml = await CliAsync("workflows", "show", "refund");
        Assert.Contains("kind:        yaml", yaml.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^approve\s+approval", yaml.Stdout);
        var unknown = await CliAsync("workflows", "show", "nope");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("Workflow 'nope' not found", unknown.Stderr, StringComparison.Ordinal);

        // A YAML approval, approved from the command line.
        var approval = (await client.StartAsync("refund", """{"amount": 40}""")).Id();
        await WaitForListedAsync(CliAsync, approval);
        var waiting = await CliAsync("signals", "list");
        Assert.StartsWith("EXECUTION", waiting.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"(?m)^{approval}\s+approve\s+refund\s+approval\s+waiting", waiting.Stdout);
        var sent = await CliAsync("signals", "send", approval, "approve", "--approve", "--comment", "ok");
        Assert.True(sent.ExitCode == 0, sent.Stderr);
        Assert.Equal($"{approval}  approve  delivered", sent.Stdout.Trim());
        var approved = await client.WaitForAsync(approval, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.True(approved["output"]!["approved"]!.GetValue<bool>());
        Assert.Equal("ok", approved.Step("approve")!["output"]!["comment"]!.GetValue<string>());

        // A C# wait, answered with a payload.
        var code = (await client.StartAsync("code_refund", """{"amount": 7}""")).Id();
        await WaitForListedAsync(CliAsync, code);
        var json = await CliAsync("signals", "list", "--kind", "signal", "--output", "json");
        var wait = JsonNode.Parse(json.Stdout)!["items"]!.AsArray().Single(w => w!["execution_id"]!.GetValue<string>() == code)!;
        Assert.Equal("Refund 7?", wait["details"]!["message"]!.GetValue<string>());
        var badPayload = await CliAsync("signals", "send", code, "approve", "--payload", "[1]");
        Assert.Equal(2, badPayload.ExitCode);
        Assert.Contains("--payload must be a JSON object", badPayload.Stderr, StringComparison.Ordinal);
        var both = await CliAsync("signals", "send", code, "approve", "--approve", "--reject");
        Assert.Equal(2, both.ExitCode);
        Assert.Contains("Use --approve or --reject, not both.", both.Stderr, StringComparison.Ordinal);
        var rejected = await CliAsync("signals", "send", code, "approve", "--payload", """{"approved": false}""");
        Assert.True(rejected.ExitCode == 0, rejected.Stderr);
        var done = await client.WaitForAsync(code, TimeSpan.FromSeconds(60), "succeeded", "failed");
        Assert.Equal("rejected", done["output"]!.GetValue<string>());
        var again = await CliAsync("signals", "send", code, "approve", "--approve");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains(code, again.Stderr, StringComparison.Ordinal);
        var history = await CliAsync("signals", "show", code);
        Assert.Matches($@"(?m)^{code}\s+approve\s+code_refund\s+signal\s+received", history.Stdout);
        Assert.Contains("""approve: {"approved":false} by """, history.Stdout, StringComparison.Ordinal);

        var deleted = await CliAsync("workflows", "delete", "refund");
        Assert.True(deleted.ExitCode == 0, deleted.Stderr);
        Assert.Equal("deleted refund", deleted.Stdout.Trim());
        Assert.Equal(1, (await CliAsync("workflows", "delete", "refund")).ExitCode);
        Assert.DoesNotContain("\nrefund ", (await CliAsync("workflows", "list")).Stdout, StringComparison.Ordinal);
    }

    private static async Task WaitForListedAsync(
        Func<string[], Task<(int ExitCode, string Stdout, string Stderr)>> cli, string executionId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await cli(["signals", "list", "--output", "json"])).Stdout.Contains(executionId, StringComparison.Ordinal))
        {
            await Task.Delay(100, deadline.Token);
        }
    }
}
