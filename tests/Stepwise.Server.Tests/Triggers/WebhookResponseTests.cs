using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>A sync webhook's <c>response</c>: status, headers and body built by expressions over the finished run.</summary>
public sealed class WebhookResponseTests : IClassFixture<ServerFactory>
{
    private readonly ServerFactory factory;

    public WebhookResponseTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Post_ResponseFromExpressions_SetsStatusHeadersAndJsonBody()
    {
        using var client = factory.Client();
        await client.DeployAsync("""
            name: order_hook
            params: [{ name: order_id, type: int, required: true }]
            triggers:
              - type: webhook
                path: orders
                respond: sync
                response:
                  status: "${{ nodes.check.output.known ? 201 : 404 }}"
                  headers:
                    Location: /orders/${{ params.order_id }}
                    X-Run: ${{ execution.id }}
                    X-Event: ${{ trigger.headers['x-event'] }}
                  body: { order: "${{ params.order_id }}", accepted: "${{ nodes.check.output.known }}" }
            nodes:
              - { id: check, type: transform, with: { known: "${{ params.order_id < 100 }}" } }
            """);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/default/orders") { Content = Api.Json("""{"order_id": 42, "extra": true}""") };
        request.Headers.Add("X-Event", "order.created");
        using var known = await factory.CreateClient().SendAsync(request);
        using var unknown = await factory.CreateClient().PostAsync("/hooks/default/orders", Api.Json("""{"order_id": 500}"""));

        Assert.Equal(HttpStatusCode.Created, known.StatusCode);
        Assert.Equal("/orders/42", known.Headers.Location!.ToString());
        Assert.Equal("order.created", known.Headers.GetValues("X-Event").Single());
        var runId = known.Headers.GetValues("X-Run").Single();
        Assert.Equal(runId, known.Headers.GetValues("X-Execution-Id").Single());
        Assert.Equal("application/json", known.Content.Headers.ContentType!.MediaType);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"order": 42, "accepted": true}"""), JsonNode.Parse(await known.Content.ReadAsStringAsync())));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Post_StringBody_IsSentAsTextUnlessAContentTypeIsGiven()
    {
        using var client = factory.Client();
        await client.DeployAsync("""
            name: text_hook
            triggers:
              - type: webhook
                path: text
                respond: sync
                response: { body: "ok ${{ trigger.body.n }}" }
              - type: webhook
                path: xml
                respond: sync
                response: { status: 200, headers: { Content-Type: application/xml }, body: "<ok n='${{ trigger.body.n }}'/>" }
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);

        using var text = await factory.CreateClient().PostAsync("/hooks/default/text", Api.Json("""{"n": 7}"""));
        using var xml = await factory.CreateClient().PostAsync("/hooks/default/xml", Api.Json("""{"n": 7}"""));

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal("text/plain", text.Content.Headers.ContentType!.MediaType);
        Assert.Equal("ok 7", await text.Content.ReadAsStringAsync());
        Assert.Equal("application/xml", xml.Content.Headers.ContentType!.MediaType);
        Assert.Equal("<ok n='7'/>", await xml.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ResponseThatCannotBeBuilt_Answers502NamingTheProblemAndTheRun()
    {
        using var client = factory.Client();
        await client.DeployAsync("""
            name: bad_status_hook
            triggers:
              - type: webhook
                path: bad-status
                respond: sync
                response: { status: "${{ trigger.body.code }}", headers: { X-Bad: "${{ trigger.body.header }}" } }
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);

        using var notANumber = await factory.CreateClient().PostAsync("/hooks/default/bad-status", Api.Json("""{"code": "teapot"}"""));
        using var outOfRange = await factory.CreateClient().PostAsync("/hooks/default/bad-status", Api.Json("""{"code": 99}"""));
        using var injected = await factory.CreateClient().PostAsync("/hooks/default/bad-status", Api.Json("""{"code": 200, "header": "a\r\nSet-Cookie: x=1"}"""));

        var error = await Envelope.AssertErrorAsync(notANumber, 502, "EXECUTION_FAILED");
        Assert.EndsWith("succeeded, but the webhook's response could not be built: response.status must be a whole number from 100 to 599, got \"teapot\"", Envelope.Message(error), StringComparison.Ordinal);
        Assert.Equal("succeeded", error["details"]!["status"]!.GetValue<string>());
        Assert.NotNull(error["details"]!["execution_id"]);
        Assert.EndsWith("response.status must be from 100 to 599, got 99", Envelope.Message(await Envelope.AssertErrorAsync(outOfRange, 502, "EXECUTION_FAILED")), StringComparison.Ordinal);
        Assert.EndsWith(
            "response.headers.X-Bad: a header value cannot contain line breaks or control characters",
            Envelope.Message(await Envelope.AssertErrorAsync(injected, 502, "EXECUTION_FAILED")),
            StringComparison.Ordinal);
        Assert.False(injected.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task Post_FailedRunWithAResponse_StillAnswersTheDocumented502()
    {
        using var client = factory.Client();
        await client.DeployAsync("""
            name: failing_response_hook
            triggers:
              - { type: webhook, path: failing, respond: sync, response: { status: 200, body: fine } }
            nodes: [{ id: boom, type: fail, with: { message: "card declined" } }]
            """);

        using var response = await factory.CreateClient().PostAsync("/hooks/default/failing", Api.Json("{}"));

        var error = await Envelope.AssertErrorAsync(response, 502, "EXECUTION_FAILED");
        Assert.Contains("card declined", error["details"]!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ type: webhook, path: p, response: { status: 200 } }", "response needs respond: sync")]
    [InlineData("{ type: webhook, path: p, respond: sync, response: { status: 700 } }", "response.status must be from 100 to 599, got 700")]
    [InlineData("{ type: webhook, path: p, respond: sync, response: { code: 200 } }", "unknown field 'response.code'")]
    [InlineData("{ type: webhook, path: p, respond: sync, response: { body: \"${{ secrets.token }}\" } }", "response cannot read secrets")]
    [InlineData("{ type: webhook, path: p, respond: sync, response: { body: \"${{ nodes.nope.output }}\" } }", "undefined node 'nope'")]
    [InlineData("{ type: webhook, path: p, allow_ips: [10.0.0.0/33] }", "allow_ips[0]: '10.0.0.0/33' is not an IP address or a CIDR range such as 192.0.2.0/24")]
    [InlineData("{ type: webhook, path: p, allow_ips: [] }", "allow_ips is empty")]
    public async Task Deploy_BadResponseOrAllowIps_Is422NamingIt(string trigger, string message)
    {
        using var client = factory.Client();

        using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml($$"""
            name: bad_trigger
            triggers:
              - {{trigger}}
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """));

        Assert.Contains(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")), StringComparison.Ordinal);
    }
}
