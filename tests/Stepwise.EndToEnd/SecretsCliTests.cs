using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>`stepwise secrets set|list|delete` against a real server: the value goes through stdin, never argv.</summary>
public sealed class SecretsCliTests : IClassFixture<SharedServer>
{
    private const string Value = "cli-secret-value-0815";
    private readonly ServerInstance server;

    public SecretsCliTests(SharedServer shared) => server = shared.Server;

    private Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(string? stdin, params string[] args) =>
        StepwiseProcess.RunAsync(
            args,
            new Dictionary<string, string> { ["STEPWISE_SERVER"] = server.BaseUrl, ["STEPWISE_KEY"] = ServerInstance.AdminKey },
            stdin);

    [Fact]
    public async Task SetListDelete_ThroughTheCli_NeverPrintTheValue()
    {
        var set = await CliAsync(Value + "\n", "secrets", "set", "cli_token");
        var listed = await CliAsync(null, "secrets", "list", "--output", "json");
        var deleted = await CliAsync(null, "secrets", "delete", "cli_token");
        var again = await CliAsync(null, "secrets", "delete", "cli_token");
        var empty = await CliAsync(string.Empty, "secrets", "set", "cli_token");

        Assert.True(set.ExitCode == 0, set.Stderr);
        Assert.StartsWith("Stored secret cli_token", set.Stdout, StringComparison.Ordinal);
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains("cli_token", JsonNode.Parse(listed.Stdout)!["secrets"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()));
        Assert.DoesNotContain(Value, set.Stdout + listed.Stdout, StringComparison.Ordinal);
        Assert.Equal((0, "Deleted secret cli_token\n"), (deleted.ExitCode, deleted.Stdout));
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("Secret 'cli_token' not found", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, empty.ExitCode);
        Assert.Contains("Field 'value' must not be empty", empty.Stderr, StringComparison.Ordinal);
    }
}
