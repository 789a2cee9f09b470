using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;

namespace Stepwise.Core.Tests.Actions;

public sealed class HttpActionTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HttpRetryExample_ServerFailsTwice_SucceedsOnThirdAttemptWithOneIdempotencyKey()
    {
        using var server = new LocalHttpServer(request => request.PathHits <= 2 ? Reply.Json(503, """{"ok":false}""") : Reply.Json(200, """{"ok":true}"""));
        await using var harness = new EngineHarness();
        var run = harness.StartAsync(RepoPaths.ReadExample("http_retry.yaml"), new JsonObject { ["url"] = server.BaseUrl + "/flaky" });

        for (var backoff = 0; backoff < 2; backoff++)
        {
            var now = harness.Time.GetUtcNow();
            await harness.Time.WaitForTimerAsync(d => d > now && d <= now + TimeSpan.FromSeconds(2), "a backoff");
            harness.Time.Advance(harness.Time.PendingDueTimes.First(d => d > now) - now);
        }

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("""{"status":200,"ok":true}""", result.Output!.ToJsonString());
        Assert.Equal(3, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal($"{result.Id}:call", r.Headers["Idempotency-Key"]));
    }

    [Fact]
    public async Task Http_PostJson_SendsQueryHeadersBodyAndParsesJsonReply()
    {
        using var server = new LocalHttpServer(request =>
            Reply.Json(201, $$"""{"echo":{{request.Body}},"path":"{{request.PathAndQuery}}"}"""));
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: post
            nodes:
              - id: call
                type: http
                with:
                  method: post
                  url: {{{server.BaseUrl}}}/items
                  query: { q: "a b", tag: [x, y] }
                  headers: { X-Trace: abc }
                  body: { name: widget, count: 2 }
            output: ${{ nodes.call.output }}
            """);

        Assert.Equal(ExecutionStatus.Succeeded, run.Status);
        var output = run.Output!.AsObject();
        Assert.Equal(201, output["status"]!.GetValue<int>());
        Assert.Equal("""{"name":"widget","count":2}""", output["body"]!["echo"]!.ToJsonString());
        Assert.Equal("/items?q=a%20b&tag=x&tag=y", output["body"]!["path"]!.GetValue<string>());
        Assert.StartsWith("application/json", output["headers"]!["content-type"]!.GetValue<string>(), StringComparison.Ordinal);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "abc"), (request.Method, request.Headers["X-Trace"]));
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_TextReply_ReturnsBodyAsString()
    {
        using var server = new LocalHttpServer(_ => new Reply(200, "plain words", "text/plain"));
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: text
            nodes: [{ id: call, type: http, with: { url: "{{{server.BaseUrl}}}/t" } }]
            output: ${{ nodes.call.output.body }}
            """);

        Assert.Equal("\"plain words\"", run.Output!.ToJsonString());
    }

    [Fact]
    public async Task Http_UnexpectedStatus_FailsWithoutRetryNamingStatuses()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(404, """{"error":"missing"}"""));
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: strict
            nodes:
              - id: call
                type: http
                retry: { max_attempts: 3, delay: 1s }
                with: { url: "{{{server.BaseUrl}}}/gone", expect_status: [200, 201] }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal(
            $$"""node 'call' failed: GET {{server.BaseUrl}}/gone returned 404, expected 200 or 201: {"error":"missing"}""",
            run.Error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Http_ExpectedErrorStatus_Succeeds()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(404, "{}"));
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: lenient
            nodes: [{ id: call, type: http, with: { url: "{{{server.BaseUrl}}}/gone", expect_status: [404] } }]
            output: ${{ nodes.call.output.status }}
            """);

        Assert.Equal("404", run.Output!.ToJsonString());
    }

    [Fact]
    public async Task Http_HostKeepsFailing_CircuitOpensAndFailsFast()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(500, "{}"));
        await using var harness = new EngineHarness();
        var yaml = $$$"""
            name: hammer
            nodes: [{ id: call, type: http, with: { url: "{{{server.BaseUrl}}}/down" } }]
            """;

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ExecutionStatus.Failed, (await harness.RunAsync(yaml)).Status);
        }

        var blocked = await harness.RunAsync(yaml);
        Assert.Equal($"node 'call' failed: circuit breaker is open for {new Uri(server.BaseUrl).Authority}", blocked.Error);
        Assert.Equal(5, server.Requests.Count);
    }

    [Fact]
    public async Task Http_RateLimit_WaitsForThePermitOnTheRunClock()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(200, "{}"));
        await using var harness = new EngineHarness();
        var t0 = harness.Time.GetUtcNow();
        var run = harness.StartAsync($$$"""
            name: polite
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ [1, 2] }}
                  max_parallel: 2
                  node: { type: http, with: { url: "{{{server.BaseUrl}}}/r", rate_limit: 1/m } }
            """);

        await harness.Time.WaitForTimerAsync(d => d == t0 + TimeSpan.FromMinutes(1), "the permit wait");
        Assert.True(server.Requests.Count <= 1, "the second request went out before its permit");
        harness.Time.Advance(TimeSpan.FromMinutes(1));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Http_BadUrl_FailsNamingTheInput()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: bad
            nodes: [{ id: call, type: http, with: { url: "/relative" } }]
            """);

        Assert.Equal("node 'call' failed: input 'url' must be an absolute http or https URL, got '/relative'", run.Error);
    }

    [Theory]
    [InlineData("{ oauth: 42 }", "input 'auth' must be { oauth: <connection name> }, got {\"oauth\":42}")]
    [InlineData("{ basic: x }", "input 'auth' must be { oauth: <connection name> }, got {\"basic\":\"x\"}")]
    public async Task Http_BadAuth_FailsNamingTheInput(string auth, string message)
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$"""
            name: bad
            nodes: [{ id: call, type: http, with: { url: "http://127.0.0.1:9/", auth: {{auth}} } }]
            """);

        Assert.Equal($"node 'call' failed: {message}", run.Error);
    }

    [Fact]
    public async Task Http_AuthTogetherWithAnAuthorizationHeader_IsRefused()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: bad
            nodes:
              - id: call
                type: http
                with: { url: "http://127.0.0.1:9/", auth: { oauth: HaloPSA }, headers: { authorization: Bearer x } }
            """);

        Assert.Equal("node 'call' failed: input 'auth' sets the Authorization header: do not also give one in 'headers'", run.Error);
    }

    [Fact]
    public async Task Http_AuthWithoutAServer_FailsSayingConnectionsLiveOnTheServer()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(200, "{}"));
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: needs_server
            nodes: [{ id: call, type: http, with: { url: "{{{server.BaseUrl}}}/x", auth: { oauth: HaloPSA } } }]
            """);

        Assert.Equal(
            "node 'call' failed: input 'auth': OAuth connections are kept by the server; run this workflow with 'stepwise serve' to use 'HaloPSA'",
            run.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Http_StartRecordedBeforeRequest_WithIdempotencyKeyStep()
    {
        using var server = new LocalHttpServer(_ => Reply.Json(200, "{}"));
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync($$$"""
            name: recorded
            nodes: [{ id: call, type: http, with: { url: "{{{server.BaseUrl}}}/ok" } }]
            """);

        var step = Assert.Single(await harness.StepsAsync(run.Id));
        Assert.Equal((StepStatus.Succeeded, 1), (step.Status, step.Attempt));
        Assert.Equal($"{run.Id}:call", Assert.Single(server.Requests).Headers["Idempotency-Key"]);
    }
}
