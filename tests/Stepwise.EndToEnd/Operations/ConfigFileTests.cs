using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>stepwise.json in the data folder configures a real server; the environment wins over it.</summary>
public sealed class ConfigFileTests
{
    [Fact]
    public async Task Serve_FileInDataFolder_AppliesAndEnvironmentWins()
    {
        using var folder = new TempFolder();
        File.WriteAllText(
            Path.Combine(folder.Path, "stepwise.json"),
            """{"STEPWISE_MAX_CONCURRENT_RUNS": 7, "STEPWISE_MAX_BODY": "64KB"}""");

        await using (var fromFile = await ServerInstance.StartAsync(folder.Path))
        {
            Assert.Equal(7, await MaxConcurrentRunsAsync(fromFile));
        }

        await using var fromEnvironment = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["STEPWISE_MAX_CONCURRENT_RUNS"] = "9" });
        Assert.Equal(9, await MaxConcurrentRunsAsync(fromEnvironment));
        using var client = fromEnvironment.Client();
        using var tooLarge = await client.PostAsync("/api/v1/workflows", Api.Yaml(new string('#', 70 * 1024)));
        Assert.Equal("Request body too large: the limit is 65536 bytes", (await Api.AssertErrorAsync(tooLarge, 413)).Message());
    }

    private static async Task<int> MaxConcurrentRunsAsync(ServerInstance server)
    {
        using var client = server.Client(key: null);
        var health = JsonNode.Parse(await client.GetStringAsync("/health"))!;
        return (int)health["checks"]!["queue"]!["details"]!["max_concurrent_runs"]!;
    }
}
