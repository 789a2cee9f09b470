using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Http;

/// <summary>One real server on 127.0.0.1 for the raw-socket cases (they neither change nor depend on its state).</summary>
public sealed class KestrelRejectionHost : IAsyncLifetime
{
    public KestrelHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await KestrelHost.StartAsync(new Dictionary<string, string?>());

    public async Task DisposeAsync() => await Host.DisposeAsync();
}

/// <summary>
/// Issue 21: what the web server rejects before any middleware runs (a request it cannot parse) is answered with the
/// envelope, its status kept, a request id and Connection: close; over a bare socket, as no HTTP client sends these.
/// </summary>
public sealed class KestrelRejectionTests(KestrelRejectionHost fixture) : IClassFixture<KestrelRejectionHost>
{
    public static TheoryData<string, string, int, string, string> Rejections => new()
    {
        { "garbage request line", "GARBAGE\r\n\r\n", 400, "BAD_REQUEST", "request line" },
        { "bad method token", "G(T /health HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "BAD_REQUEST", "request line" },
        { "NUL in the target", "GET /hea\0lth HTTP/1.1\r\nHost: localhost\r\n\r\n", 400, "BAD_REQUEST", "request" },
        { "unsupported HTTP version", "GET /health HTTP/1.7\r\nHost: localhost\r\n\r\n", 505, "HTTP_VERSION_NOT_SUPPORTED", "speaks HTTP/1.0 and HTTP/1.1" },
        { "space in a header name", "GET /health HTTP/1.1\r\nHost: localhost\r\nBad Header: x\r\n\r\n", 400, "BAD_REQUEST", "header" },
        { "NUL in a header value", "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Thing: a\0b\r\n\r\n", 400, "BAD_REQUEST", "header" },
        { "header line without a colon", "GET /health HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n", 400, "BAD_REQUEST", "header" },
        { "missing Host on HTTP/1.1", "GET /health HTTP/1.1\r\n\r\n", 400, "BAD_REQUEST", "Host" },
        { "two Host headers", "GET /health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "BAD_REQUEST", "Host" },
        { "bad Content-Length", "POST /health HTTP/1.1\r\nHost: localhost\r\nContent-Length: ten\r\n\r\n", 400, "BAD_REQUEST", "content length" },
        { "POST without a length on HTTP/1.0", "POST /health HTTP/1.0\r\n\r\n", 400, "BAD_REQUEST", "length" },
        { "request target past the web server's limit", "GET /" + new string('a', 40 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414, "URI_TOO_LONG", "line too long" },
        { "headers past the web server's limit", "GET /health HTTP/1.1\r\nHost: localhost\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"X-Filler-{i}: {new string('h', 8000)}\r\n")) + "\r\n", 431, "HEADERS_TOO_LARGE", "headers too" },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task MalformedRequest_AnswersTheEnvelope(string name, string request, int status, string code, string message)
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        AssertEnvelope(response, status, code, message, name);
        Assert.True(await connection.IsClosedAsync());
    }

    /// <summary>An authority-form target (no leading slash) is for CONNECT only, the asterisk-form for OPTIONS only.</summary>
    [Theory]
    [InlineData("GET health HTTP/1.1\r\nHost: localhost\r\n\r\n", "CONNECT")]
    [InlineData("GET * HTTP/1.1\r\nHost: localhost\r\n\r\n", "OPTIONS")]
    public async Task TargetFormOfAnotherMethod_Answers405WithAllow(string request, string allowed)
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        var body = AssertEnvelope(response, 405, "METHOD_NOT_ALLOWED", "allowed: " + allowed, request);
        Assert.Equal(allowed, response!.Header("Allow"));
        Assert.Equal(allowed, body["error"]!["details"]!["allowed"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task HeadRequest_GetsTheEnvelopeHeadersWithoutABody()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync("HEAD /health HTTP/1.1\r\n\r\n");
        var response = await connection.ReadResponseAsync(head: true);

        Assert.Equal(400, response!.Status);
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(response.Header("X-Request-ID")));
        Assert.Equal("close", response.Header("Connection"));
        Assert.True(await connection.IsClosedAsync());
    }

    [Fact]
    public async Task ClientsRequestId_IsKeptWhenTheHeadersWereRead()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync("GET /health HTTP/1.1\r\nX-Request-ID: mine-123\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        var body = AssertEnvelope(response, 400, "BAD_REQUEST", "Host", "missing Host");
        Assert.Equal("mine-123", body["request_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task BadChunkedBody_ReadByAnEndpoint_AnswersTheEnvelope()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync(
            "POST /api/v1/workflows HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KestrelHost.AdminKey + "\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        AssertEnvelope(response, 400, "BAD_REQUEST", "chunk", "bad chunk size");
    }

    [Fact]
    public async Task BadChunkedBody_NotReadByTheEndpoint_IsAnsweredAndTheConnectionClosed()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync(
            "GET /health/live HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n");
        var response = await connection.ReadResponseAsync();

        Assert.Equal(200, response!.Status);
        Assert.True(await connection.IsClosedAsync());
    }

    [Fact]
    public async Task HeadersNotSentInTime_Answer408WithTheEnvelope()
    {
        await using var host = await KestrelHost.StartAsync(
            new Dictionary<string, string?>(),
            configureServices: services => services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(
                kestrel => kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1)));
        await using var connection = await RawHttp.ConnectAsync(host.Address);

        await connection.SendAsync("GET /health HTTP/1.1\r\nHost: localhost\r\n");
        var response = await connection.ReadResponseAsync();

        AssertEnvelope(response, 408, "REQUEST_TIMEOUT", "timed out", "headers timeout");
    }

    [Fact]
    public async Task BodyLongerThanContentLength_TheRestIsAnsweredAsAMalformedNextRequest()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        // The first two bytes are the body; what follows is read as the next request on the connection.
        await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\n{}EXTRA BYTES\r\n\r\n");
        var first = await connection.ReadResponseAsync();
        var second = await connection.ReadResponseAsync();

        Assert.Equal(200, first!.Status);
        Assert.NotNull(first.Header("X-Request-ID"));
        AssertEnvelope(second, 400, "BAD_REQUEST", "request line", "extra bytes");
        Assert.NotEqual(first.Header("X-Request-ID"), second!.Header("X-Request-ID"));
    }

    [Fact]
    public async Task BodyShorterThanContentLength_ClosesWithoutAnAnswer()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        // The client ends its side after 2 of 10 bytes: the web server closes the connection, as there is no request
        // to answer (docs/api.md says so).
        await connection.SendAsync(
            "POST /api/v1/workflows HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KestrelHost.AdminKey + "\r\n"
            + "Content-Type: application/json\r\nContent-Length: 10\r\n\r\n{}");
        connection.EndSending();

        Assert.True(await connection.IsClosedAsync());
    }

    [Fact]
    public async Task KeepAliveRequests_AreUnaffected_AndARejectionAfterThemIsEnveloped()
    {
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        for (var i = 0; i < 3; i++)
        {
            await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n");
            var response = await connection.ReadResponseAsync();
            Assert.Equal(200, response!.Status);
            Assert.Null(response.Header("Connection"));
            Assert.Equal("ok", JsonNode.Parse(response.Body)!["status"]!.GetValue<string>());
        }

        // Pipelined: a good request and a bad one in one write; the good one is answered as usual first.
        await connection.SendAsync("GET /health/live HTTP/1.1\r\nHost: localhost\r\n\r\nGET /health HTTP/1.7\r\nHost: localhost\r\n\r\n");
        var good = await connection.ReadResponseAsync();
        var bad = await connection.ReadResponseAsync();

        Assert.Equal(200, good!.Status);
        Assert.Equal("ok", JsonNode.Parse(good.Body)!["status"]!.GetValue<string>());
        AssertEnvelope(bad, 505, "HTTP_VERSION_NOT_SUPPORTED", "HTTP version", "pipelined bad version");
        Assert.True(await connection.IsClosedAsync());
    }

    [Fact]
    public async Task GoodRequest_OnTheSameServer_IsAnsweredAsUsual()
    {
        await using (var bad = await RawHttp.ConnectAsync(fixture.Host.Address))
        {
            await bad.SendAsync("GARBAGE\r\n\r\n");
            Assert.Equal(400, (await bad.ReadResponseAsync())!.Status);
        }

        using var client = fixture.Host.Client();
        using var response = await client.GetAsync("/api/v1/workflows");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("{", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejection_IsLoggedOnceWithItsRequestId_AndNoneOfTheRequestBytes()
    {
        using var folder = new TempFolder();
        var logFile = Path.Combine(folder.Path, "server.log");
        string requestId;
        await using (var host = await KestrelHost.StartAsync(new Dictionary<string, string?>
        {
            ["LOG_LEVEL"] = "info",
            ["LOG_FORMAT"] = "json",
            ["LOG_OUTPUT"] = logFile,
        }))
        {
            await using var connection = await RawHttp.ConnectAsync(host.Address);
            await connection.SendAsync("GET /health HTTP/1.1\r\nHost: localhost\r\nX-API-Key : sw_secret-in-a-bad-header\r\n\r\n");
            requestId = AssertEnvelope(await connection.ReadResponseAsync(), 400, "BAD_REQUEST", "header", "bad header")
                ["request_id"]!.GetValue<string>();
        }

        var text = await File.ReadAllTextAsync(logFile);
        Assert.DoesNotContain("sw_secret-in-a-bad-header", text, StringComparison.Ordinal);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!)
            .Where(line => line["event"]?.GetValue<string>() == "http.rejected")
            .ToList();
        var logged = Assert.Single(lines);
        Assert.Equal(requestId, logged["request_id"]!.GetValue<string>());
        Assert.Equal("info", logged["level"]!.GetValue<string>());
        Assert.Equal(400, logged["status_code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(logged["connection_id"]?.GetValue<string>()), logged.ToJsonString());
    }

    public static TheoryData<string, string> DocumentedMessages => new()
    {
        { "`Invalid request line`", "GARBAGE\r\n\r\n" },
        { "`Request line too long`", "GET /" + new string('a', 40 * 1024) + " HTTP/1.1\r\nHost: localhost\r\n\r\n" },
        { "`Request headers too long`", "GET /health HTTP/1.1\r\nHost: localhost\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => $"X-Filler-{i}: {new string('h', 8000)}\r\n")) + "\r\n" },
        {
            "`Bad chunk size data`",
            "POST /api/v1/workflows HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + KestrelHost.AdminKey + "\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n{}\r\n0\r\n\r\n"
        },
    };

    [Theory]
    [MemberData(nameof(DocumentedMessages))]
    public async Task Message_IsWhatApiMdQuotes(string quoted, string request)
    {
        var claim = DocClaim.Quote("docs/api.md", quoted);
        await using var connection = await RawHttp.ConnectAsync(fixture.Host.Address);

        await connection.SendAsync(request);
        var response = await connection.ReadResponseAsync();

        var message = JsonNode.Parse(response!.Body)!["error"]!["message"]!.GetValue<string>();
        Assert.True(claim.Matches(message), claim.Mismatch(message));
    }

    private static JsonObject AssertEnvelope(RawResponse? response, int status, string code, string message, string name)
    {
        Assert.True(response is not null, $"{name}: the connection closed without an answer");
        Assert.True(response.Status == status, $"{name}: expected {status}, got {response}");
        Assert.True(response.Body.Length > 0, $"{name}: no body: {response}");
        var body = JsonNode.Parse(response.Body)!.AsObject();
        var error = body["error"]!.AsObject();
        Assert.Equal(code, error["code"]!.GetValue<string>());
        Assert.Contains(message, error["message"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("'", error["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var requestId = body["request_id"]!.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(requestId));
        Assert.Equal(requestId, response.Header("X-Request-ID"));
        Assert.Equal("close", response.Header("Connection"));
        Assert.StartsWith("application/json", response.Header("Content-Type"), StringComparison.Ordinal);
        return body;
    }
}
