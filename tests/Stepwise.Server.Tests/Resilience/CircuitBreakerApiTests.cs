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

    [Fact]
    public async Task Settings_ServerWide_OpenAfterTheirThresholdAndAreListed()
    {
        using var remote = new LocalHttpServer((_, _) => (503, "{}"));
        var host = new Uri(remote.BaseUrl).Authority;
        await using var tuned = new ServerFactory()
            .With("STEPWISE_CIRCUIT_BREAKER_FAILURES", "2")
            .With("STEPWISE_CIRCUIT_BREAKER_OPEN_TIMEOUT", "30s")
            .With("STEPWISE_CIRCUIT_BREAKER_HALF_OPEN_TRIALS", "1");
        using var client = tuned.Client();

        await TryAsync(client, remote.Url("/x"));
        await TryAsync(client, remote.Url("/x"));
        var fast = await TryAsync(client, remote.Url("/x"));

        Assert.Equal($"circuit breaker is open for {host}", fast["error"]!.GetValue<string>());
        Assert.Equal(2, remote.Hits("/x"));
        var breaker = (await (await client.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync())["items"]!.AsArray()
            .Single(item => item!["host"]!.GetValue<string>() == host)!;
        Assert.Equal(("open", 2, "30s", 1), (breaker["state"]!.GetValue<string>(), breaker["failure_threshold"]!.GetValue<int>(),
            breaker["open_timeout"]!.GetValue<string>(), breaker["half_open_requests"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Settings_PerHttpNode_GetTheirOwnBreakerThatResetAlsoCloses()
    {
        using var remote = new LocalHttpServer((_, _) => (503, "{}"));
        var host = new Uri(remote.BaseUrl).Authority;
        using var client = factory.Client();
        var strict = new JsonObject { ["failure_threshold"] = 1, ["open_timeout"] = "5m" };

        await TryAsync(client, remote.Url("/y"), strict);
        var fast = await TryAsync(client, remote.Url("/y"), strict);
        var shared = await TryAsync(client, remote.Url("/y"));

        Assert.Equal($"circuit breaker is open for {host}", fast["error"]!.GetValue<string>());
        Assert.Equal("failed", shared["status"]!.GetValue<string>());
        Assert.Equal(2, remote.Hits("/y"));
        var breakers = (await (await client.GetAsync("/api/v1/circuit-breakers")).ReadObjectAsync())["items"]!.AsArray()
            .Where(item => item!["host"]!.GetValue<string>() == host)
            .Select(item => (item!["state"]!.GetValue<string>(), item["failure_threshold"]!.GetValue<int>(), item["open_timeout"]!.GetValue<string>()))
            .ToList();
        Assert.Equal([("open", 1, "5m"), ("closed", 5, "1m")], breakers.OrderBy(b => b.Item2));

        using var reset = await client.PostAsync($"/api/v1/circuit-breakers/{host}/reset", null);
        Assert.Equal("open", (await reset.ReadObjectAsync())["previous_state"]!.GetValue<string>());
        Assert.Equal("failed", (await TryAsync(client, remote.Url("/y"), strict))["status"]!.GetValue<string>());
        Assert.Equal(3, remote.Hits("/y"));
    }

    [Theory]
    [InlineData("""{"failure_threshold": 0}""", "input 'circuit_breaker': failure_threshold must be from 1 to 10000, got 0")]
    [InlineData("""{"open_timeout": "forever"}""", "input 'circuit_breaker': input 'open_timeout' must be")]
    [InlineData("""{"threshold": 3}""", "input 'circuit_breaker' has no field 'threshold': it takes { failure_threshold: 1-10000, open_timeout: 1ms-1d, half_open_trials: 1-10000 }")]
    public async Task Settings_BadPerNodeValue_FailsTheAttemptNamingIt(string settings, string message)
    {
        using var client = factory.Client();

        var result = await TryAsync(client, "http://127.0.0.1:9/never", JsonNode.Parse(settings)!.AsObject());

        Assert.Equal("failed", result["status"]!.GetValue<string>());
        Assert.StartsWith(message, result["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonObject> TryAsync(HttpClient client, string url, JsonObject? breaker = null)
    {
        var body = new JsonObject { ["action_type"] = "http", ["config"] = new JsonObject { ["method"] = "GET", ["url"] = url } };
        if (breaker is not null)
        {
            body["config"]!["circuit_breaker"] = breaker.DeepClone();
        }

        using var response = await client.PostAsync("/api/v1/actions/execute", Api.Json(body.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadObjectAsync();
    }
}
