using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>The CLI verbs that open the store act on the PostgreSQL database DATABASE_URL names, as serve does.</summary>
[RequiresPostgres(LocalServer = true)]
public sealed class PostgresCliTests
{
    [PostgresFact]
    public async Task DbAndAdminVerbs_PostgresDatabaseUrl_ActOnPostgres()
    {
        await using var postgres = await PostgresLauncher.StartAsync();
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = postgres.Url };

        var upgrade = await StepwiseProcess.RunAsync(["db", "upgrade"], environment);
        var current = await StepwiseProcess.RunAsync(["db", "current", "-o", "json"], environment);
        var created = await StepwiseProcess.RunAsync(["orgs", "create", "acme", "--name", "Acme"], environment);
        var orgs = await StepwiseProcess.RunAsync(["orgs", "list", "-o", "json"], environment);
        var size = await StepwiseProcess.RunAsync(["db", "size", "-o", "json"], environment);
        var check = await StepwiseProcess.RunAsync(["db", "check"], environment);

        Assert.True(upgrade.ExitCode == 0, upgrade.Stderr);
        Assert.True(current.ExitCode == 0, current.Stderr);
        Assert.Equal($"postgres://postgres@127.0.0.1:{postgres.Port}/postgres", (string?)JsonNode.Parse(current.Stdout)!["database"]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Contains("acme", orgs.Stdout, StringComparison.Ordinal);
        Assert.True(size.ExitCode == 0, size.Stderr);
        var tables = JsonNode.Parse(size.Stdout)!["tables"]!.AsArray().Select(table => (string)table!["name"]!).ToList();
        Assert.Contains("executions", tables);
        Assert.Contains("steps", tables);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("checks a SQLite file", check.Stderr, StringComparison.Ordinal);
    }
}
