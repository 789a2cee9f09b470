using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>The log lines of a real `stepwise serve`, parsed: fields, request id correlation, X-Debug, secrets.</summary>
public sealed class LogLinesTests
{
    private static readonly Dictionary<string, string> InfoLogs = new() { ["LOG_LEVEL"] = "info" };

    [Fact]
    public async Task JsonLines_RequestsRunsAndErrors_CarryFieldsAndRequestId()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path, InfoLogs);
        var viewer = await CreateKeyAsync(folder.Path, "viewer");
        using var admin = server.Client();
        await admin.DeployAsync(RepoPaths.ReadExample("greet.yaml"));

        var run = await SendAsync(admin, HttpMethod.Post, "/api/v1/workflows/greet/executions?wait=60s", "run-1",
            """{"name":"Ada","n":2}""");
        var runId = JsonNode.Parse(await run.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(admin, HttpMethod.Get, "/api/v1/workflows/nope", "missing-1")).StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity,
            (await SendAsync(admin, HttpMethod.Post, "/api/v1/workflows/greet/executions", "invalid-1", """{"n":"x"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await SendAsync(admin, HttpMethod.Post, "/api/v1/workflows", "malformed-1", "{oops")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(admin, HttpMethod.Get, "/api/v1/workflows", "debug-1", debug: true)).StatusCode);
        using var viewerClient = server.Client(viewer);
        Assert.Equal(HttpStatusCode.OK,
            (await SendAsync(viewerClient, HttpMethod.Get, "/api/v1/workflows", "debug-refused-1", debug: true)).StatusCode);
        using var anonymous = server.Client(key: null);
        await SendAsync(anonymous, HttpMethod.Get, $"/api/v1/workflows?code={ServerInstance.AdminKey}", "query-key-1");

        // An operator downgrades the schema under the running server: every authenticated request now fails inside.
        var downgrade = await StepwiseProcess.RunAsync(["db", "downgrade", "1", "--data", folder.Path]);
        Assert.True(downgrade.ExitCode == 0, downgrade.Stderr);
        using var crash = await SendAsync(admin, HttpMethod.Get, "/api/v1/workflows", "crash-1");
        var crashBody = await crash.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, crash.StatusCode);
        Assert.DoesNotContain(" at ", crashBody, StringComparison.Ordinal);

        server.Process.Terminate();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var stdout = server.Process.Stdout;
        var logs = LogLines.Parse(stdout);

        Assert.All(logs.All, line =>
        {
            Assert.NotNull(line["timestamp"]);
            Assert.Contains((string?)line["level"], new[] { "debug", "info", "warn", "error", "fatal" });
            Assert.True(line.ContainsKey("event"), line.ToJsonString());
            Assert.NotNull(line["message"]);
        });
        Assert.DoesNotContain(ServerInstance.AdminKey, stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(viewer, stdout, StringComparison.Ordinal);

        var start = logs.Single("run-1", "request.start");
        Assert.Equal("POST", (string?)start["method"]);
        Assert.Equal("/api/v1/workflows/greet/executions", (string?)start["path"]);
        var end = logs.Single("run-1", "request.end");
        Assert.Equal(200, (int)end["status_code"]!);
        Assert.True((double)end["duration_ms"]! >= 0);
        Assert.StartsWith("key_", (string?)end["user_id"], StringComparison.Ordinal);
        Assert.Equal("/api/v1/workflows/greet/executions", (string?)end["path"]);

        var executionEnd = logs.All.Single(line => (string?)line["event"] == "execution.end" && (string?)line["execution_id"] == runId);
        Assert.Equal("greet", (string?)executionEnd["workflow"]);
        Assert.Equal("succeeded", (string?)executionEnd["status"]);
        Assert.Contains(logs.All, line => (string?)line["event"] == "execution.start" && (string?)line["execution_id"] == runId
            && (string?)line["workflow"] == "greet");

        var domain = logs.Single("missing-1", "domain.error");
        Assert.Equal("NOT_FOUND", (string?)domain["error"]!["code"]);
        Assert.Equal(404, (int)domain["status_code"]!);
        Assert.Equal(422, (int)logs.Single("invalid-1", "validation.error")["status_code"]!);
        var malformed = logs.Single("malformed-1", "http.error");
        Assert.Equal("BAD_REQUEST", (string?)malformed["error"]!["code"]);

        Assert.Equal("debug", (string?)logs.Single("debug-1", "request.debug")["level"]);
        Assert.Contains(logs.ForRequest("debug-1"), line => (string?)line["logger"] == "Microsoft.AspNetCore.Routing.EndpointMiddleware");
        logs.Single("debug-refused-1", "request.debug_refused");
        Assert.DoesNotContain(logs.ForRequest("debug-refused-1"), line => (string?)line["level"] == "debug");
        Assert.Equal(200, (int)logs.Single("query-key-1", "request.end")["status_code"]!);
        Assert.Equal("/api/v1/workflows", (string?)logs.Single("query-key-1", "request.start")["path"]);

        var unhandled = logs.Single("crash-1", "unhandled exception");
        Assert.Equal("error", (string?)unhandled["level"]);
        Assert.Contains(" at ", (string?)unhandled["exception"], StringComparison.Ordinal);
        Assert.Contains("api_keys", (string?)unhandled["exception"], StringComparison.Ordinal);
        Assert.Equal(500, (int)logs.Single("crash-1", "request.end")["status_code"]!);
    }

    [Fact]
    public async Task TextFormatToFile_WithSource_WritesReadableLinesThereAndNothingOnStdout()
    {
        using var folder = new TempFolder();
        var logFile = Path.Combine(folder.Path, "logs", "stepwise.log");
        var environment = new Dictionary<string, string>
        {
            ["LOG_LEVEL"] = "info",
            ["LOG_FORMAT"] = "text",
            ["LOG_OUTPUT"] = logFile,
            ["LOG_ADD_SOURCE"] = "true",
        };
        await using var server = await ServerInstance.StartAsync(Path.Combine(folder.Path, "data"), environment);
        using var client = server.Client();

        await SendAsync(client, HttpMethod.Get, "/api/v1/workflows", "text-1");
        server.Process.Terminate();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(string.Empty, server.Process.Stdout);
        var lines = File.ReadAllLines(logFile);
        var end = lines.Single(line => line.Contains(" request.end GET /api/v1/workflows 200", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info  request\.end ", end);
        Assert.Contains("request_id=text-1", end, StringComparison.Ordinal);
        Assert.Contains("source=Stepwise.Server.Http.RequestIdMiddleware", end, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadLogSetting_ServeExitsTwoNamingIt()
    {
        using var folder = new TempFolder();

        var result = await StepwiseProcess.RunAsync(
            ["serve", "--data", folder.Path, "--urls", "http://127.0.0.1:0"], new Dictionary<string, string> { ["LOG_LEVEL"] = "loud" });

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("LOG_LEVEL: 'loud' is not one of debug, info, warn, error.", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, string requestId, string? json = null, bool debug = false)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("X-Request-ID", requestId);
        if (debug)
        {
            request.Headers.Add("X-Debug", "true");
        }

        if (json is not null)
        {
            request.Content = Api.Json(json);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(requestId, response.Headers.GetValues("X-Request-ID").Single());
        return response;
    }

    private static async Task<string> CreateKeyAsync(string dataFolder, string role)
    {
        var created = await StepwiseProcess.RunAsync(
            ["keys", "create", "--org", "default", "--role", role, "--output", "json", "--data", dataFolder]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        return JsonNode.Parse(created.Stdout)!["key"]!.GetValue<string>();
    }
}
