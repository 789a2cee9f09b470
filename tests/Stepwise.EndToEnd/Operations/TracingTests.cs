using System.Text;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>W3C traceparent in and out of a real server, through a run to the calls of its http step, and OTLP export.</summary>
public sealed class TracingTests
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string CallerParent = $"00-{TraceId}-b7ad6b7169203331-01";

    [Fact]
    public async Task Traceparent_ContinuedIntoTheResponseTheRunAndTheHttpStepsCalls()
    {
        using var folder = new TempFolder();
        using var downstream = new LocalHttpServer((_, _) => (200, "{}"));
        await using var server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["LOG_LEVEL"] = "info" });
        using var client = server.Client();
        await client.DeployAsync(Workflow("traced", downstream));

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows/traced/executions?wait=60s")
        {
            Content = Api.Json("{}"),
        };
        request.Headers.Add("traceparent", CallerParent);
        using var response = await client.SendAsync(request);

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var answered = response.Headers.GetValues("traceparent").Single();
        Assert.Matches($"^00-{TraceId}-[0-9a-f]{{16}}-0[01]$", answered);
        Assert.NotEqual(CallerParent, answered);
        var sent = downstream.LastHeader("/call", "traceparent");
        Assert.NotNull(sent);
        Assert.StartsWith($"00-{TraceId}-", sent, StringComparison.Ordinal);

        server.Process.Terminate();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var requestEnd = LogLines.Parse(server.Process.Stdout).All
            .Single(line => (string?)line["event"] == "request.end" && (string?)line["trace_id"] == TraceId);
        Assert.Equal("/api/v1/workflows/traced/executions", (string?)requestEnd["path"]);

        // The request span's own ids, as its answered traceparent names them: 00-trace-span-flags.
        Assert.Equal(answered.Split('-')[2], (string?)requestEnd["span_id"]);
        Assert.Equal(CallerParent.Split('-')[2], (string?)requestEnd["parent_id"]);
    }

    [Fact]
    public async Task Otlp_EndpointSet_ExportsRequestRunAndStepSpans()
    {
        using var folder = new TempFolder();
        using var downstream = new LocalHttpServer((_, _) => (200, "{}"));
        using var collector = new OtlpReceiver();
        await using var server = await ServerInstance.StartAsync(
            folder.Path, new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Endpoint });
        using (var client = server.Client())
        {
            await client.DeployAsync(Workflow("exported", downstream));
            Assert.Equal("succeeded", (await client.RunAsync("exported")).Status());
        }

        // A graceful stop flushes the spans still batched.
        server.Process.Terminate();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.NotEmpty(collector.Exports);
        Assert.All(collector.Exports, export => Assert.Equal("application/x-protobuf", export.ContentType));
        var payload = Encoding.UTF8.GetString([.. collector.Exports.SelectMany(export => export.Body)]);
        Assert.Contains("run exported", payload, StringComparison.Ordinal);
        Assert.Contains("step call", payload, StringComparison.Ordinal);
        Assert.Contains("stepwise.execution_id", payload, StringComparison.Ordinal);
        Assert.Contains("POST /api/v1/workflows/{name}/executions", payload, StringComparison.Ordinal);
        Assert.Contains("http.response.status_code", payload, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Otlp_BadEndpoint_ServeRefusesNamingIt()
    {
        using var folder = new TempFolder();

        var result = await StepwiseProcess.RunAsync(
            ["serve", "--data", folder.Path, "--urls", "http://127.0.0.1:0"],
            new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4318" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' is not an http or https URL", result.Stderr, StringComparison.Ordinal);
    }

    private static string Workflow(string name, LocalHttpServer downstream) => $$"""
        name: {{name}}
        nodes:
          - id: call
            type: http
            with: { method: POST, url: "{{downstream.Url("/call")}}" }
        """;
}
