using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Every example in examples/ deployed to a real server and run through the API.</summary>
public sealed class ExampleTests : IClassFixture<SharedServer>
{
    private readonly ServerInstance server;

    public ExampleTests(SharedServer shared) => server = shared.Server;

    [Fact]
    public async Task DeployAndRun_EveryExample_GivesItsDocumentedOutcome()
    {
        using var client = server.Client();
        var files = Directory.GetFiles(RepoPaths.Examples, "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.True(files.Count >= 9, string.Join(", ", files));
        await DeployInDependencyOrderAsync(client, files);

        using var remote = new LocalHttpServer((_, count) => count <= 2 ? (503, "{}") : (200, "{\"ok\":true}"));
        var cases = new (string Workflow, string Input, string Status, string? Output)[]
        {
            ("greet", """{"name":"Ada","n":21}""", "succeeded", """{"doubled":42,"greeting":"hello Ada"}"""),
            ("branch", """{"amount":250}""", "succeeded", """{"route":"review","amount":250}"""),
            ("branch", """{"amount":50}""", "succeeded", """{"route":"auto","amount":50}"""),
            ("chain10", "{}", "succeeded", """{"count":10}"""),
            ("fanout40", "{}", "succeeded", """{"sum":20540}"""),
            ("process_batch", """{"batch":[1,2]}""", "succeeded", """{"processed":2}"""),
            ("process_all", """{"items":[1,2,3,4,5,6,7]}""", "succeeded", """{"processed":7,"batches":3}"""),
            ("saga", "{}", "compensated", null),
            ("saga", """{"fail_charge":false}""", "succeeded", null),
            ("nightly_report", "{}", "succeeded", null),
            ("http_retry", $$"""{"url":"{{remote.Url("flaky")}}"}""", "succeeded", """{"status":200,"ok":true}"""),
        };
        foreach (var (workflow, input, status, output) in cases)
        {
            var run = await client.RunAsync(workflow, input);
            Assert.True(run.Status() == status, $"{workflow} {input}: {run.ToJsonString()}");
            if (output is not null)
            {
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(output), run["output"]), $"{workflow}: {run["output"]?.ToJsonString()}");
            }
        }

        Assert.Equal(3, remote.Hits("flaky"));
        var listed = await (await client.GetAsync("/api/v1/workflows")).ReadObjectAsync();
        Assert.Equal(files.Count, listed["items"]!.AsArray().Count);
    }

    /// <summary>A parent needs its children deployed first; deploy in passes until nothing more succeeds.</summary>
    private static async Task DeployInDependencyOrderAsync(HttpClient client, List<string> files)
    {
        var pending = files.ToList();
        while (pending.Count > 0)
        {
            var before = pending.Count;
            var failures = new List<string>();
            foreach (var file in pending.ToList())
            {
                using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml(await File.ReadAllTextAsync(file)));
                if (response.IsSuccessStatusCode)
                {
                    pending.Remove(file);
                }
                else
                {
                    failures.Add($"{Path.GetFileName(file)}: {await response.Content.ReadAsStringAsync()}");
                }
            }

            if (pending.Count == before)
            {
                Assert.Fail("Some examples never deployed:\n" + string.Join("\n", failures));
            }
        }
    }
}
