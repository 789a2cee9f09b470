using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Resilience;

public sealed class CircuitBreakerApiTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public CircuitBreakerApiTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task ListAndReset_FailingHost_OpensIsListedFailsFastAndResetClosesIt()
    {
        var healthy = false;
        using var remote = new LocalHttpServer((_, _) => healthy ? (200, """{"ok":true}""") : (503, """{"down":true}"""));
        var host = new Uri(remote.BaseUrl).Authority;
        using var client = factory.Client();

        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("failed", (await TryAsync(client, remote.Url("/ping")))["status"]!.GetValue<string>());
        }

        var listed = await (await client.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync();
        var breaker = listed["items"]!.AsArray().Single(item => item!["host"]!.GetValue<string>() == host)!;
        Assert.False(string.IsNullOrEmpty(listed["node"]!.GetValue<string>()));
        Assert.Equal(("open", 5, "1m", 3), (breaker["state"]!.GetValue<string>(), breaker["failure_threshold"]!.GetValue<int>(),
            breaker["open_timeout"]!.GetValue<string>(), breaker["half_open_requests"]!.GetValue<int>()));
        var openedAt = breaker["opened_at"]!.GetValue<DateTimeOffset>();
        Assert.Equal(openedAt.AddMinutes(1), breaker["next_trial_at"]!.GetValue<DateTimeOffset>());

        healthy = true;
        var hitsBefore = remote.Hits("/ping");
        var fastFail = await TryAsync(client, remote.Url("/ping"));
        Assert.Equal($"circuit breaker is open for {host}", fastFail["error"]!.GetValue<string>());
        Assert.Equal(hitsBefore, remote.Hits("/ping"));

        using var reset = await client.PostAsync($"/api/v1/circuit-breakers/{host}/reset", null);
        var answer = await reset.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.Equal(("open", "closed", listed["node"]!.GetValue<string>()),
            (answer["previous_state"]!.GetValue<string>(), answer["state"]!.GetValue<string>(), answer["node"]!.GetValue<string>()));
        Assert.Equal("succeeded", (await TryAsync(client, remote.Url("/ping")))["status"]!.GetValue<string>());
        var after = await (await client.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync();
        var closed = after["items"]!.AsArray().Single(item => item!["host"]!.GetValue<string>() == host)!;
        Assert.Equal(("closed", 0), (closed["state"]!.GetValue<string>(), closed["consecutive_failures"]!.GetValue<int>()));
        Assert.Null(closed["opened_at"]);
        var audit = await (await client.GetAsync("/api/v1/audit?action=circuit_breaker.reset")).ReadObjectAsync();
        Assert.Contains(audit["items"]!.AsArray(), entry => entry!["resource_id"]?.GetValue<string>() == host);
    }

    [Fact]
    public async Task Reset_HostThisNodeNeverCalled_Answers404NamingTheNode()
    {
        using var client = factory.Client();
        var node = (await (await client.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync())["node"]!.GetValue<string>();

        using var response = await client.PostAsync("/api/v1/circuit-breakers/never-called.example:443/reset", null);

        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Equal(
            $"Circuit breaker for host 'never-called.example:443' not found on node '{node}': this node has not called it since it started",
            Envelope.Message(error));
    }

    [Fact]
    public async Task ListAndReset_TwoNodes_EachDescribesItsOwnBreakersByNode()
    {
        using var remote = new LocalHttpServer((_, _) => (503, "{}"));
        var host = new Uri(remote.BaseUrl).Authority;
        await using var other = new ServerFactory();
        using var first = factory.Client();
        using var second = other.Client();
        for (var i = 0; i < 5; i++)
        {
            await TryAsync(first, remote.Url("/x"));
        }

        var onFirst = await (await first.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync();
        var onSecond = await (await second.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync();
        using var resetOnSecond = await second.PostAsync($"/api/v1/circuit-breakers/{host}/reset", null);

        Assert.NotEqual(onFirst["node"]!.GetValue<string>(), onSecond["node"]!.GetValue<string>());
        Assert.Contains(onFirst["items"]!.AsArray(), item => item!["host"]!.GetValue<string>() == host && item["state"]!.GetValue<string>() == "open");
        Assert.DoesNotContain(onSecond["items"]!.AsArray(), item => item!["host"]!.GetValue<string>() == host);
        await Envelope.AssertErrorAsync(resetOnSecond, 404, "NOT_FOUND");
        using var resetOnFirst = await first.PostAsync($"/api/v1/circuit-breakers/{host}/reset", null);
        Assert.Equal(HttpStatusCode.OK, resetOnFirst.StatusCode);
    }

    private static async Task<JsonObject> TryAsync(HttpClient client, string url)
    {
        var body = new JsonObject { ["action_type"] = "http", ["config"] = new JsonObject { ["method"] = "GET", ["url"] = url } };
        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}
