using System.Net;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Dashboard;

/// <summary>The dashboard's embedded build served at '/', next to an API whose unknown paths stay JSON 404s.</summary>
public sealed class DashboardServingTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public DashboardServingTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Root_ServesTheIndexPage_RevalidatedOnEveryLoad()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl!.ToString());
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<div id=\"app\"></div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HashedAsset_IsCachedForAYear_AndGzippedWhenAccepted()
    {
        using var client = factory.CreateClient();
        var html = await client.GetStringAsync("/");
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.NotEmpty(script);
        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Public && cache.MaxAge == TimeSpan.FromDays(365), cache.ToString());
        Assert.Contains("immutable", cache.Extensions.Select(e => e.Name));
        Assert.Equal("gzip", response.Content.Headers.ContentEncoding.Single());
        Assert.True(
            response.Content.Headers.ContentLength < 300 * 1024,
            $"initial JavaScript is {response.Content.Headers.ContentLength} bytes gzipped; the budget is 300 KB");

        using var again = new HttpRequestMessage(HttpMethod.Get, script);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("/executions")]
    [InlineData("/executions/01a2498f-169b-7b63-96c6-4a76e35cacfd")]
    [InlineData("/workflows/greet/run")]
    public async Task ClientRoute_ServesTheIndexPage(string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here")]
    [InlineData("GET", "/api")]
    [InlineData("GET", "/auth/nothing")]
    [InlineData("GET", "/health/nothing")]
    [InlineData("GET", "/assets/index-missing.js")]
    [InlineData("GET", "/missing.png")]
    [InlineData("POST", "/executions")]
    public async Task ApiPathOrMissingFile_IsTheJson404Envelope_NotThePage(string method, string path)
    {
        using var client = factory.CreateClient();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Contains(path, Envelope.Message(error), StringComparison.Ordinal);
    }
}
