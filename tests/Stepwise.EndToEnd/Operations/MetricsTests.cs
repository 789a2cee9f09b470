using System.Net;
using System.Text.RegularExpressions;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>/metrics of a real server after runs, failures and a tripped circuit breaker.</summary>
public sealed partial class MetricsTests
{
    private static readonly string[] AlwaysPresent =
    [
        "http_requests_total", "http_request_duration_seconds", "db_connections_in_use", "db_connections_open",
        "circuit_breaker_state", "workflow_executions_total", "workflow_execution_duration_seconds",
        "workflow_step_duration_seconds", "workflow_queue_depth", "workflow_runs_in_flight", "stepwise_build_info",
        "db_commits_total", "db_writes_committed_total", "db_writes_failed_total", "db_commit_largest_writes",
        "db_wal_checkpoints_total", "db_wal_frames",
    ];

    [Fact]
    public async Task Metrics_FreshServer_ListsEveryMetricAndPassesPromtool()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client(key: null);

        var text = await ScrapeAsync(client);

        foreach (var name in AlwaysPresent)
        {
            Assert.Contains($"# TYPE {name} ", text, StringComparison.Ordinal);
        }

        await AssertPromtoolAcceptsAsync(text);
    }

    [Fact]
    public async Task Metrics_AfterRunsAndABrokenService_CountsThemAndShowsTheOpenBreaker()
    {
        using var folder = new TempFolder();
        using var broken = new LocalHttpServer((_, _) => (500, """{"error":"down"}"""));
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client();
        await client.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        await client.DeployAsync($$"""
            name: call_broken
            nodes:
              - id: call
                type: http
                with: { url: "{{broken.Url("/work")}}" }
            """);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("succeeded", (await client.RunAsync("greet", """{"name":"Ada","n":1}""")).Status());
        }

        // Five failures in a row open the breaker of the broken host (the default threshold).
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("failed", (await client.RunAsync("call_broken")).Status());
        }

        using var anonymous = server.Client(key: null);
        var text = await ScrapeAsync(anonymous);

        Assert.Equal(3, Sample(text, "workflow_executions_total", "status=\"succeeded\",workflow=\"greet\""));
        Assert.Equal(6, Sample(text, "workflow_executions_total", "status=\"failed\",workflow=\"call_broken\""));
        Assert.Equal(3, Sample(text, "workflow_step_duration_seconds_count", "action=\"transform\",status=\"succeeded\",workflow=\"greet\""));
        Assert.Equal(2, Sample(text, "circuit_breaker_state", $"host=\"127.0.0.1:{broken.Port}\""));
        Assert.True(Sample(text, "http_requests_total", "method=\"POST\",route=\"/api/v1/workflows/{name}/executions\",status_code=\"200\"") >= 9);
        Assert.Equal(
            Sample(text, "http_request_duration_seconds_count", "method=\"POST\",route=\"/api/v1/workflows/{name}/executions\""),
            Sample(text, "http_request_duration_seconds_bucket", "method=\"POST\",route=\"/api/v1/workflows/{name}/executions\",le=\"+Inf\""));
        Assert.Equal(0, Sample(text, "workflow_queue_depth", null));

        // Nine runs made at least nine journal writes (each run's end), in at most as many commits as writes.
        var journalWrites = Sample(text, "db_writes_committed_total", "kind=\"journal\"");
        var writes = journalWrites + Sample(text, "db_writes_committed_total", "kind=\"store\"");
        var commits = Sample(text, "db_commits_total", "committer=\"writer\"") + Sample(text, "db_commits_total", "committer=\"request\"");
        Assert.True(journalWrites >= 9, $"journal writes: {journalWrites}");
        Assert.InRange(commits, 1, writes);
        Assert.InRange(Sample(text, "db_commit_largest_writes", null), 1, writes);
        Assert.Equal(0, Sample(text, "db_writes_failed_total", null));
        Assert.DoesNotContain("route=\"/api/v1/executions/", text, StringComparison.Ordinal);
        await AssertPromtoolAcceptsAsync(text);
    }

    private static async Task<string> ScrapeAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Sample(string text, string name, string? labels)
    {
        var series = labels is null ? name : $"{name}{{{labels}}}";
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"no sample {series} in:\n{text}");
        return double.Parse(line[(series.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task AssertPromtoolAcceptsAsync(string text)
    {
        Assert.Matches(MetricLine(), text.Split('\n', StringSplitOptions.RemoveEmptyEntries).First(l => !l.StartsWith('#')));
        if (Promtool.Path is null)
        {
            // CI installs promtool (apt package prometheus); without it the format checks above still ran.
            return;
        }

        var (exitCode, output) = await Promtool.CheckMetricsAsync(text);
        Assert.True(exitCode == 0, $"promtool check metrics failed:\n{output}\n{text}");
    }

    [GeneratedRegex("""^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"]*")*\})? \S+$""")]
    private static partial Regex MetricLine();
}
