using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>The records, report and query verbs of the real CLI against a real server.</summary>
public sealed class RecordsCliTests : IClassFixture<SharedServer>
{
    private readonly ServerInstance server;

    public RecordsCliTests(SharedServer shared) => server = shared.Server;

    private Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        StepwiseProcess.RunAsync(args, new Dictionary<string, string>
        {
            ["STEPWISE_SERVER"] = server.BaseUrl,
            ["STEPWISE_KEY"] = ServerInstance.AdminKey,
        });

    [Fact]
    public async Task RecordsReportQuery_ThroughTheCli_Work()
    {
        using var client = server.Client();
        await client.DeployAsync("""
            name: cli_classify
            params:
              - { name: key, type: string, required: true }
            nodes:
              - id: label
                type: transform
                with: { label: "valid-${{ params.key }}" }
            output: ${{ nodes.label.output }}
            """);
        using (var bind = await client.PutAsync(
            "/api/v1/records/processors/cli-test", new StringContent("""{"workflow": "cli_classify"}""", System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.True(bind.IsSuccessStatusCode, await bind.Content.ReadAsStringAsync());
        }

        var created = await CliAsync("records", "create", "--source", "cli", "--category", "cli-test", "--payload", """{"key": "v"}""", "--output", "json");
        Assert.True(created.ExitCode == 0, created.Stderr);
        var id = JsonNode.Parse(created.Stdout)!["id"]!.GetValue<string>();

        var processed = await CliAsync("records", "process", id, "--output", "json");
        Assert.True(processed.ExitCode == 0, processed.Stderr);
        Assert.Equal("valid-v", JsonNode.Parse(processed.Stdout)!["output"]!["label"]!.GetValue<string>());

        var listed = await CliAsync("records", "list", "--category", "cli-test");
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("processed", listed.Stdout, StringComparison.Ordinal);

        var again = await CliAsync("records", "process", id);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is already processed", again.Stderr, StringComparison.Ordinal);

        var report = await CliAsync("report", "--output", "json");
        Assert.True(report.ExitCode == 0, report.Stderr);
        Assert.True(JsonNode.Parse(report.Stdout)!["by_category"]!["cli-test"]!.GetValue<long>() >= 1);

        var query = await CliAsync("query", "records where category = 'cli-test' and payload.key = 'v'");
        Assert.True(query.ExitCode == 0, query.Stderr);
        Assert.Contains(id, query.Stdout, StringComparison.Ordinal);
        Assert.Contains("1 row(s)", query.Stdout, StringComparison.Ordinal);

        var bad = await CliAsync("query", "executions where 123 = 1");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("expected identifier, got '123'", bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("  executions where 123 = 1" + Environment.NewLine + "                   ^^^ ParserError", bad.Stderr, StringComparison.Ordinal);

        var badPayload = await CliAsync("records", "create", "--source", "cli", "--category", "c", "--payload", "[1]");
        Assert.Equal(2, badPayload.ExitCode);
        Assert.Contains("--payload must be a JSON object", badPayload.Stderr, StringComparison.Ordinal);
    }
}
