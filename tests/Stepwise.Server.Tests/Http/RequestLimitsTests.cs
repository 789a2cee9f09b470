using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Http;

/// <summary>
/// Issue 21: a request line or headers over the limits are answered with the envelope and a request id, over real
/// Kestrel (the web server's own rejections would have neither).
/// </summary>
public sealed class RequestLimitsTests
{
    [Fact]
    public async Task LongRequestTarget_Answers414WithTheEnvelope()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var client = host.Client();

        using var response = await client.GetAsync("/api/v1/workflows?q=" + new string('a', 9000));

        await AssertEnvelopeAsync(response, HttpStatusCode.RequestUriTooLong, "URI_TOO_LONG", "Request target too long");
    }

    [Fact]
    public async Task LargeHeaders_Answer431WithTheEnvelope()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var client = host.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workflows");
        for (var i = 0; i < 5; i++)
        {
            request.Headers.Add($"X-Filler-{i}", new string('h', 8000));
        }

        using var response = await client.SendAsync(request);

        await AssertEnvelopeAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE", "Request headers too large");
    }

    private static async Task AssertEnvelopeAsync(HttpResponseMessage response, HttpStatusCode status, string code, string message)
    {
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, body["error"]!["code"]!.GetValue<string>());
        Assert.StartsWith(message, body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(body["request_id"]?.GetValue<string>()), body.ToJsonString());
    }
}
