using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary><c>stepwise seed</c> against a fresh data folder, then a server over it using what the seed made.</summary>
public sealed class SeedTests
{
    [Fact]
    public async Task Seed_FreshThenAgain_CreatesOnceAndTheServerUsesIt()
    {
        using var folder = new TempFolder();

        var first = await StepwiseProcess.RunAsync(["seed", "--data", folder.Path, "--output", "json"]);
        var second = await StepwiseProcess.RunAsync(["seed", "--data", folder.Path, "--output", "json"]);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        var made = JsonNode.Parse(first.Stdout)!.AsObject();
        var again = JsonNode.Parse(second.Stdout)!.AsObject();
        var items = made["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
        Assert.Equal(items.Count, made["created"]!.GetValue<int>());
        Assert.Equal(0, again["created"]!.GetValue<int>());
        Assert.DoesNotContain(again["items"]!.AsArray(), i => i!["key"] is not null);
        Assert.Equal(
            ["test-org-active", "test-org-demo", "test-org-inactive"],
            items.Where(i => Kind(i) == "organization").Select(i => i["name"]!.GetValue<string>()));
        var workflows = items.Where(i => Kind(i) == "workflow" && Org(i) == "test-org-active").ToList();
        Assert.Equal(Directory.GetFiles(RepoPaths.Examples, "*.yaml").Length, workflows.Count);

        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var viewer = server.Client(Key(items, "test-org-active", "seed-viewer"));
        using var listed = await viewer.GetAsync("/api/v1/workflows");
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(workflows.Count, (await listed.ReadObjectAsync())["items"]!.AsArray().Count);
        using (var refused = await viewer.PostAsync("/api/v1/workflows/greet/executions", Api.Json("{}")))
        {
            await Api.AssertErrorAsync(refused, 403, "FORBIDDEN");
        }

        using var operatorClient = server.Client(Key(items, "test-org-active", "seed-operator"));
        var run = await operatorClient.RunAsync("greet", """{ "name": "Ada", "n": 21 }""");
        Assert.Equal("succeeded", run.Status());
        Assert.Equal(42, run["output"]!["doubled"]!.GetValue<int>());
        using var admin = server.Client(Key(items, "test-org-active", "seed-admin"));
        await admin.DeployAsync("""
            name: seeded_env
            output: ${{ nodes.read.output }}
            nodes:
              - id: read
                type: transform
                with:
                  environment: ${{ config.environment }}
                  batch: ${{ config.max_batch_size }}
                  has_token: ${{ secrets.demo_api_token != '' }}
            """);
        var seeded = await admin.RunAsync("seeded_env");
        Assert.Equal("succeeded", seeded.Status());
        Assert.Equal("demo", seeded["output"]!["environment"]!.GetValue<string>());
        Assert.Equal(50, seeded["output"]!["batch"]!.GetValue<int>());
        Assert.True(seeded["output"]!["has_token"]!.GetValue<bool>());
        using var inactive = server.Client(Key(items, "test-org-inactive", "seed-admin"));
        using var dormant = await inactive.GetAsync("/api/v1/workflows");
        Assert.Equal(
            "Organization 'test-org-inactive' is inactive",
            (await Api.AssertErrorAsync(dormant, 403, "FORBIDDEN")).Message());
    }

    [Fact]
    public async Task Seed_DataFolderIsAFile_FailsNamingTheStore()
    {
        using var folder = new TempFolder();
        var notAFolder = Path.Combine(folder.Path, "data");
        await File.WriteAllTextAsync(notAFolder, "not a folder");

        var result = await StepwiseProcess.RunAsync(["seed", "--data", notAFolder]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("cannot open the store", result.Stderr, StringComparison.Ordinal);
    }

    private static string Kind(JsonObject item) => item["kind"]!.GetValue<string>();

    private static string Org(JsonObject item) => item["org_id"]!.GetValue<string>();

    private static string Key(List<JsonObject> items, string org, string name) =>
        items.Single(i => Kind(i) == "key" && Org(i) == org && i["name"]!.GetValue<string>() == name)["key"]!.GetValue<string>();
}
