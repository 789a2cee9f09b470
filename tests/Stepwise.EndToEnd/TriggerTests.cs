using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Webhooks, schedules and file watches of a real <c>stepwise serve</c>.</summary>
public sealed class TriggerTests : IClassFixture<TriggerTests.Fixture>
{
    private const string Secret = "e2e-webhook-secret";

    private readonly ServerInstance server;
    private readonly string dataFolder;

    public TriggerTests(Fixture fixture)
    {
        server = fixture.Server;
        dataFolder = fixture.DataFolder;
    }

    [Fact]
    public async Task Webhook_EveryExampleWithAWebhook_AnswersSyncThenAsyncAfterRedeploy()
    {
        using var client = server.Client();
        var cases = new Dictionary<string, (string Input, string Output)>(StringComparer.Ordinal)
        {
            ["greet"] = ("""{"name":"Ada","n":21}""", """{"doubled":42,"greeting":"hello Ada"}"""),
            ["chain10"] = ("{}", """{"count":10}"""),
            ["fanout40"] = ("{}", """{"sum":20540}"""),
        };
        var hooked = Directory.GetFiles(RepoPaths.Examples, "*.yaml")
            .Where(file => File.ReadAllText(file).Contains("type: webhook", StringComparison.Ordinal))
            .ToDictionary(file => Path.GetFileNameWithoutExtension(file), File.ReadAllText);
        Assert.Equal(cases.Keys.Order(), hooked.Keys.Order());

        foreach (var (name, source) in hooked)
        {
            var (input, output) = cases[name];
            await client.DeployAsync(source);
            var path = await WebhookPathAsync(client, name);

            using (var sync = await PostAsync($"/hooks/default/{path}", input))
            {
                var text = await sync.Content.ReadAsStringAsync();
                Assert.True(sync.StatusCode == HttpStatusCode.OK, $"{name}: {(int)sync.StatusCode} {text}");
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(output), JsonNode.Parse(text)), $"{name}: {text}");
                var run = await client.GetRunAsync(sync.Headers.GetValues("X-Execution-Id").Single());
                Assert.Equal(("succeeded", "webhook"), (run.Status(), run["trigger"]!["type"]!.GetValue<string>()));
            }

            // The same workflow deployed again with respond: async serves the same path at once, without a restart.
            var asyncSource = source.Replace("respond: sync", "respond: async", StringComparison.Ordinal);
            Assert.NotEqual(source, asyncSource);
            var version = (await client.DeployAsync(asyncSource))["version"]!.GetValue<int>();
            using var accepted = await PostAsync($"/hooks/default/{path}", input);
            Assert.True(accepted.StatusCode == HttpStatusCode.Accepted, $"{name}: {await accepted.Content.ReadAsStringAsync()}");
            var id = (await accepted.ReadObjectAsync()).Id();
            var finished = await client.WaitForAsync(id, TimeSpan.FromSeconds(60), "succeeded");
            Assert.Equal(version, finished["version"]!.GetValue<int>());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(output), finished["output"]), $"{name}: {finished["output"]?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task Webhook_WithSecret_AcceptsTheRightSignatureOnlyAndStartsNoRunOtherwise()
    {
        using var client = server.Client();
        await client.DeployAsync(RepoPaths.ReadExample("greet.yaml")
            .Replace("name: greet", "name: signed_greet", StringComparison.Ordinal)
            .Replace("path: greet", $"path: signed/greet\n    secret: {Secret}", StringComparison.Ordinal));
        var body = """{"name":"Ada","n":21}""";

        using (var right = await PostAsync("/hooks/default/signed/greet", body, Sign(body)))
        {
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
            Assert.Equal(42, JsonNode.Parse(await right.Content.ReadAsStringAsync())!["doubled"]!.GetValue<int>());
        }

        var cases = new (string? Header, string Reason)[]
        {
            (Sign("""{"name":"Eve","n":21}"""), "the signature does not match the body"),
            ("sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes("other secret"), Encoding.UTF8.GetBytes(body))), "the signature does not match the body"),
            (null, "the X-Signature header is missing"),
            ("sha256=not-hex", "the X-Signature header is not 'sha256=' followed by 64 hex digits"),
            (Sign(body)[7..], "the X-Signature header is not 'sha256=' followed by 64 hex digits"),
        };
        foreach (var (header, reason) in cases)
        {
            using var rejected = await PostAsync("/hooks/default/signed/greet", body, header);
            var error = await Api.AssertErrorAsync(rejected, 401, "UNAUTHORIZED");
            Assert.Equal("Invalid webhook signature", error.Message());
            Assert.Equal(reason, error["details"]!["reason"]!.GetValue<string>());
        }

        var runs = await (await client.GetAsync("/api/v1/executions?workflow=signed_greet")).ReadObjectAsync();
        Assert.Single(runs["items"]!.AsArray());
        Assert.Contains("webhook.rejected", server.Process.Stdout + server.Process.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_EveryTwoSeconds_FiresOncePerTickUntilDeletedAndItsWebhookGoes()
    {
        using var client = server.Client();
        await client.DeployAsync("""
            name: ticker
            triggers:
              - type: schedule
                cron: "*/2 * * * * *"
              - type: webhook
                path: ticker
            nodes: [{ id: tick, type: transform, with: { at: "${{ trigger.scheduled_at }}" } }]
            """);

        var runs = await WaitForRunsAsync(client, "ticker", 4, TimeSpan.FromSeconds(30));
        var ticks = runs.Select(run => run["trigger"]!["scheduled_at"]!.GetValue<DateTimeOffset>()).Order().ToList();
        Assert.All(runs, run => Assert.Equal("schedule", run["trigger"]!["type"]!.GetValue<string>()));
        Assert.All(ticks, tick => Assert.Equal((0, 0), (tick.Second % 2, tick.Millisecond)));
        Assert.All(ticks.Zip(ticks.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second - pair.First));

        var detail = await (await client.GetAsync("/api/v1/workflows/ticker")).ReadObjectAsync();
        var schedule = Assert.Single(detail["schedules"]!.AsArray())!;
        Assert.Equal("*/2 * * * * *", schedule["cron"]!.GetValue<string>());
        Assert.InRange(schedule["next_fire_at"]!.GetValue<DateTimeOffset>() - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(3));
        var listed = await StepwiseProcess.RunAsync(["schedules", "list", "--workflow", "ticker"], CliEnvironment());
        Assert.True(listed.ExitCode == 0, listed.Stderr);
        Assert.Contains("*/2 * * * * *", listed.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("WORKFLOW", listed.Stdout, StringComparison.Ordinal);
        var next = await StepwiseProcess.RunAsync(["schedules", "next", "ticker", "--count", "3", "--output", "json"], CliEnvironment());
        Assert.True(next.ExitCode == 0, next.Stderr);
        var times = System.Text.Json.Nodes.JsonNode.Parse(next.Stdout)!["schedules"]![0]!["next_fire_times"]!.AsArray()
            .Select(t => t!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(3, times.Count);
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second - pair.First));
        var badCount = await StepwiseProcess.RunAsync(["schedules", "next", "ticker", "--count", "0"], CliEnvironment());
        Assert.Equal(2, badCount.ExitCode);
        Assert.Contains("--count must be a whole number from 1 to 100, got '0'", badCount.Stderr, StringComparison.Ordinal);
        var unknown = await StepwiseProcess.RunAsync(["schedules", "next", "no_such_flow"], CliEnvironment());
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("workflow 'no_such_flow' has no running schedule", unknown.Stderr, StringComparison.Ordinal);

        using (var deleted = await client.DeleteAsync("/api/v1/workflows/ticker"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await PostAsync("/hooks/default/ticker", "{}"))
        {
            await Api.AssertErrorAsync(gone, 404, "NOT_FOUND");
        }

        var atDelete = (await ListRunsAsync(client, "ticker")).Count;
        await Task.Delay(TimeSpan.FromSeconds(5));
        Assert.Equal(atDelete, (await ListRunsAsync(client, "ticker")).Count);
        var after = await StepwiseProcess.RunAsync(["schedules", "list", "--workflow", "ticker"], CliEnvironment());
        Assert.Contains("(none)", after.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FileWatch_ThreeFilesCreated_OneRunPerMatchingFile()
    {
        using var client = server.Client();
        var inbox = Path.Combine(dataFolder, "inbox");
        await client.DeployAsync("""
            name: inbox_watch
            params:
              - { name: path, type: string }
              - { name: name, type: string }
              - { name: event, type: string }
            triggers:
              - type: file_watch
                path: inbox
                pattern: "*.txt"
                events: [created]
            nodes: [{ id: seen, type: transform, with: { file: "${{ params.name }}", event: "${{ params.event }}", at: "${{ params.path }}" } }]
            output: ${{ nodes.seen.output }}
            """);
        Directory.CreateDirectory(inbox);
        foreach (var name in new[] { "a.txt", "b.txt", "c.txt", "ignored.csv" })
        {
            await File.WriteAllTextAsync(Path.Combine(inbox, name), name);
        }

        var runs = await WaitForRunsAsync(client, "inbox_watch", 3, TimeSpan.FromSeconds(30));
        var finished = new List<JsonObject>();
        foreach (var run in runs)
        {
            finished.Add(await client.WaitForAsync(run.Id(), TimeSpan.FromSeconds(30), "succeeded"));
        }

        Assert.Equal(["a.txt", "b.txt", "c.txt"], finished.Select(run => run["output"]!["file"]!.GetValue<string>()).Order());
        Assert.All(finished, run => Assert.Equal("created", run["output"]!["event"]!.GetValue<string>()));
        Assert.All(finished, run => Assert.Equal(
            Path.Combine(inbox, run["output"]!["file"]!.GetValue<string>()), run["output"]!["at"]!.GetValue<string>()));
        Assert.All(finished, run => Assert.Equal("file_watch", run["trigger"]!["type"]!.GetValue<string>()));
    }

    private Dictionary<string, string> CliEnvironment() => new(StringComparer.Ordinal)
    {
        ["STEPWISE_SERVER"] = server.BaseUrl,
        ["STEPWISE_KEY"] = ServerInstance.AdminKey,
    };

    private static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private static async Task<string> WebhookPathAsync(HttpClient client, string workflow)
    {
        var detail = await (await client.GetAsync($"/api/v1/workflows/{workflow}")).ReadObjectAsync();
        return detail["definition"]!["triggers"]!.AsArray()
            .Single(trigger => trigger!["type"]!.GetValue<string>() == "webhook")!["path"]!.GetValue<string>();
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string? signature = null)
    {
        using var anonymous = server.Client(key: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Api.Json(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature", signature);
        }

        return await anonymous.SendAsync(request);
    }

    private static async Task<List<JsonObject>> ListRunsAsync(HttpClient client, string workflow)
    {
        var page = await (await client.GetAsync($"/api/v1/executions?workflow={workflow}&limit=200")).ReadObjectAsync();
        return [.. page["items"]!.AsArray().Select(item => item!.AsObject())];
    }

    /// <summary>Polls until the workflow has at least <paramref name="count"/> runs; returns their details.</summary>
    private static async Task<List<JsonObject>> WaitForRunsAsync(HttpClient client, string workflow, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var runs = await ListRunsAsync(client, workflow);
            if (runs.Count >= count)
            {
                var details = new List<JsonObject>();
                foreach (var run in runs)
                {
                    details.Add(await client.GetRunAsync(run.Id()));
                }

                return details;
            }

            try
            {
                await Task.Delay(200, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{workflow} has {runs.Count} runs after {timeout}, expected {count}");
            }
        }
    }

    /// <summary>A server with a short file-watch debounce, shared by these tests.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly TempFolder folder = new();

        public ServerInstance Server { get; private set; } = null!;

        public string DataFolder => folder.Path;

        public async Task InitializeAsync() => Server = await ServerInstance.StartAsync(
            folder.Path,
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["STEPWISE_FILE_WATCH_DEBOUNCE"] = "200ms",
                ["LOG_LEVEL"] = "info",
            });

        public async Task DisposeAsync()
        {
            await Server.DisposeAsync();
            folder.Dispose();
        }
    }
}
