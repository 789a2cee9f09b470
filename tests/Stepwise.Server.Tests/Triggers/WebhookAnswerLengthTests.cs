using System.Net;
using System.Text;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>
/// A sync webhook's answer and the error envelope go out over the real web server with their Content-Length, in one
/// piece, not chunked: the client sees the size, and the response costs one send.
/// </summary>
public sealed class WebhookAnswerLengthTests
{
    [Fact]
    public async Task SyncAnswers_AndErrors_CarryTheirLength_AndAreNotChunked()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var admin = host.Client();
        await admin.DeployAsync("""
            name: sized
            params: [{ name: name, type: string, required: true }]
            triggers:
              - { type: webhook, path: output, respond: sync }
              - { type: webhook, path: json, respond: sync, response: { status: 201, body: { hello: "${{ params.name }}", n: [1, 2, 3] } } }
              - { type: webhook, path: text, respond: sync, response: { body: "hello ${{ params.name }}, ünïcode" } }
            nodes:
              - { id: greet, type: transform, with: { greeting: "hello ${{ params.name }}", accents: "Åda" } }
            output: { greeting: "${{ nodes.greet.output.greeting }}", accents: "${{ nodes.greet.output.accents }}" }
            """);
        using var anonymous = host.Client(key: null);

        await AssertSizedAsync(anonymous, "/hooks/default/output", HttpStatusCode.OK, """{"greeting":"hello Ada","accents":"Åda"}""");
        await AssertSizedAsync(anonymous, "/hooks/default/json", HttpStatusCode.Created, """{"hello":"Ada","n":[1,2,3]}""");
        await AssertSizedAsync(anonymous, "/hooks/default/text", HttpStatusCode.OK, "hello Ada, ünïcode");
        await AssertSizedAsync(anonymous, "/hooks/default/missing", HttpStatusCode.NotFound, expectedBody: null);
    }

    /// <summary>An answer past the size a thread keeps its buffer for is sent whole, and the next one still fits.</summary>
    [Fact]
    public async Task LargeAnswer_IsSentWhole_AndTheNextAnswerIsUnaffected()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var admin = host.Client();
        await admin.DeployAsync("""
            name: echo
            params: [{ name: text, type: string, required: true }]
            triggers: [{ type: webhook, path: echo, respond: sync }]
            nodes: [{ id: copy, type: transform, with: { text: "${{ params.text }}" } }]
            output: { text: "${{ nodes.copy.output.text }}" }
            """);
        using var anonymous = host.Client(key: null);
        var large = new string('x', 200 * 1024);

        foreach (var text in new[] { large, "small", large, "é" })
        {
            using var response = await anonymous.PostAsync("/hooks/default/echo", Api.Json($$"""{"text": "{{text}}"}"""));
            var bytes = await response.Content.ReadAsByteArrayAsync();

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
            Assert.Equal($$"""{"text":"{{text}}"}""", Encoding.UTF8.GetString(bytes));
        }
    }

    private static async Task AssertSizedAsync(HttpClient client, string path, HttpStatusCode status, string? expectedBody)
    {
        using var response = await client.PostAsync(path, Api.Json("""{"name": "Ada"}"""));
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(status, response.StatusCode);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
        if (expectedBody is not null)
        {
            Assert.Equal(expectedBody, Encoding.UTF8.GetString(bytes));
        }
        else
        {
            Assert.Contains("\"request_id\"", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }
    }
}
