using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.RateLimiting;

public sealed class RateLimitTests
{
    private readonly FakeTimeProvider clock = new();

    [Fact]
    public async Task Get_PastTheKeyBudget_Returns429EnvelopeWithRetryAfterAndRateLimitHeaders()
    {
        await using var host = await StartAsync(perKey: "3/m");
        using var client = host.Client();

        for (var expectedRemaining = 2; expectedRemaining >= 0; expectedRemaining--)
        {
            using var served = await client.GetAsync("/api/v1/workflows");
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            AssertHeaders(served, limit: 3, remaining: expectedRemaining, reset: 60);
        }

        clock.Advance(TimeSpan.FromSeconds(20.5));
        using var refused = await client.GetAsync("/api/v1/workflows");

        var error = await Envelope.AssertErrorAsync(refused, 429, "RATE_LIMITED");
        Assert.Equal("Rate limit exceeded for this API key: 3 requests per 1m; retry after 40s", Envelope.Message(error));
        Assert.Equal("key", error["details"]!["scope"]!.GetValue<string>());
        Assert.Equal(40, error["details"]!["retry_after_seconds"]!.GetValue<int>());
        AssertHeaders(refused, limit: 3, remaining: 0, reset: 40);
        Assert.Equal("40", refused.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task Get_AfterTheWindowEnds_IsServedWithAFullBudget()
    {
        await using var host = await StartAsync(perKey: "1/10s");
        using var client = host.Client();
        (await client.GetAsync("/api/v1/workflows")).Dispose();
        using (var refused = await client.GetAsync("/api/v1/workflows"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        clock.Advance(TimeSpan.FromSeconds(10));
        using var served = await client.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertHeaders(served, limit: 1, remaining: 0, reset: 10);
    }

    [Fact]
    public async Task Get_OneKeyExhausted_AnotherKeyOfTheSameOrgIsServed()
    {
        await using var host = await StartAsync(perKey: "2/m");
        var first = await host.CreateKeyAsync("default", ApiKeyRole.Viewer);
        var second = await host.CreateKeyAsync("default", ApiKeyRole.Viewer);
        using var a = host.Client(first);
        using var b = host.Client(second);
        (await a.GetAsync("/api/v1/workflows")).Dispose();
        (await a.GetAsync("/api/v1/workflows")).Dispose();

        using var refused = await a.GetAsync("/api/v1/workflows");
        using var served = await b.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertHeaders(served, limit: 2, remaining: 1, reset: 60);
    }

    [Fact]
    public async Task PostWebhook_PastTheAddressBudget_Returns429ForThatAddressOnly()
    {
        await using var host = await StartAsync(perIp: "2/m");
        using (var admin = host.Client())
        {
            await admin.DeployAsync("""
                name: hooked
                triggers: [{ type: webhook, path: hooked }]
                nodes: [{ id: a, type: transform, with: { x: 1 } }]
                """);
        }

        using var first = host.Client(key: null, localAddress: "127.0.0.1");
        using var second = host.Client(key: null, localAddress: "127.0.0.2");
        for (var remaining = 1; remaining >= 0; remaining--)
        {
            using var accepted = await first.PostAsync("/hooks/default/hooked", Api.Json("{}"));
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
            AssertHeaders(accepted, limit: 2, remaining: remaining, reset: 60);
        }

        using var refused = await first.PostAsync("/hooks/default/hooked", Api.Json("{}"));
        using var otherAddress = await second.PostAsync("/hooks/default/hooked", Api.Json("{}"));

        var error = await Envelope.AssertErrorAsync(refused, 429, "RATE_LIMITED");
        Assert.Equal("Rate limit exceeded for this client address: 2 requests per 1m; retry after 60s", Envelope.Message(error));
        Assert.Equal("ip", error["details"]!["scope"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Accepted, otherAddress.StatusCode);
        AssertHeaders(otherAddress, limit: 2, remaining: 1, reset: 60);
    }

    [Fact]
    public async Task Get_LimitsOff_ServesEveryRequestWithoutHeaders()
    {
        await using var host = await StartAsync(perKey: "off", perIp: "0");
        using var client = host.Client();
        using var anonymous = host.Client(key: null);

        for (var i = 0; i < 20; i++)
        {
            using var served = await client.GetAsync("/api/v1/workflows");
            using var hook = await anonymous.PostAsync("/hooks/default/nothing-here", Api.Json("{}"));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, hook.StatusCode);
            Assert.False(served.Headers.Contains("X-RateLimit-Limit"));
            Assert.False(hook.Headers.Contains("X-RateLimit-Limit"));
        }
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/health/live")]
    [InlineData("/metrics")]
    public async Task Get_HealthAndMetrics_AreNeverLimited(string path)
    {
        await using var host = await StartAsync(perKey: "1/m", perIp: "1/m");
        using var client = host.Client(key: null);

        for (var i = 0; i < 5; i++)
        {
            using var response = await client.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.False(response.Headers.Contains("X-RateLimit-Limit"));
        }
    }

    [Fact]
    public async Task Get_BadKey_IsRefusedByAuthenticationNotCountedAgainstTheRealKey()
    {
        await using var host = await StartAsync(perKey: "1/m");
        using var wrong = host.Client("not-a-key");
        using var right = host.Client();

        using var unauthorized = await wrong.GetAsync("/api/v1/workflows");
        using var served = await right.GetAsync("/api/v1/workflows");

        await Envelope.AssertErrorAsync(unauthorized, 401, "UNAUTHORIZED");
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        AssertHeaders(served, limit: 1, remaining: 0, reset: 60);
    }

    [Fact]
    public async Task Get_RepeatedBadKeys_SpendTheAddressBudgetThen429()
    {
        await using var host = await StartAsync(perKey: "100/m", perIp: "2/m");
        using var guessing = host.Client("guess-1");
        using var right = host.Client();

        using var first = await guessing.GetAsync("/api/v1/workflows");
        using var second = await guessing.GetAsync("/api/v1/workflows");
        using var third = await guessing.GetAsync("/api/v1/workflows");
        using var served = await right.GetAsync("/api/v1/workflows");

        await Envelope.AssertErrorAsync(first, 401, "UNAUTHORIZED");
        await Envelope.AssertErrorAsync(second, 401, "UNAUTHORIZED");
        var refused = await Envelope.AssertErrorAsync(third, 429, "RATE_LIMITED");
        Assert.Equal("ip", refused["details"]!["scope"]!.GetValue<string>());
        Assert.Equal("60", third.Headers.GetValues("Retry-After").Single());
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    private static void AssertHeaders(HttpResponseMessage response, int limit, int remaining, int reset)
    {
        Assert.Equal(
            (limit.ToString(), remaining.ToString(), reset.ToString()),
            (Header(response, "X-RateLimit-Limit"), Header(response, "X-RateLimit-Remaining"), Header(response, "X-RateLimit-Reset")));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : "(absent)";

    private Task<KestrelHost> StartAsync(string perKey = "off", string perIp = "off") =>
        KestrelHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["STEPWISE_RATE_LIMIT_PER_KEY"] = perKey,
                ["STEPWISE_RATE_LIMIT_PER_IP"] = perIp,
            },
            configureServices: services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
}
