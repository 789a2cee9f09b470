using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Tls;

/// <summary>
/// Issue 21: with TLS on, the web server's own rejections are enveloped too (the rewriting sits inside TLS), and
/// HTTP/2 connections, which it leaves alone, still work.
/// </summary>
public sealed class KestrelRejectionTlsTests(TlsFixture tls) : IClassFixture<TlsFixture>
{
    [Fact]
    public async Task MalformedRequestInsideTls_AnswersTheEnvelope()
    {
        await using var host = await tls.StartAsync("none");
        await using var connection = await RawHttp.ConnectTlsAsync(host.Address, tls.ValidateServer);

        await connection.SendAsync("GET /health HTTP/1.7\r\nHost: localhost\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.True(response is { Status: 505 }, response?.ToString() ?? "no answer");
        var body = JsonNode.Parse(response!.Body)!;
        Assert.Equal("HTTP_VERSION_NOT_SUPPORTED", body["error"]!["code"]!.GetValue<string>());
        Assert.Equal(response.Header("X-Request-ID"), body["request_id"]!.GetValue<string>());
        Assert.Equal("close", response.Header("Connection"));
    }

    [Fact]
    public async Task Http2Connection_IsServedAsUsual()
    {
        await using var host = await tls.StartAsync("none");
        using var client = tls.Client(host, certificate: null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpVersion.Version20, response.Version);
        Assert.Equal("ok", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }
}
