using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>
/// Webhooks as real senders deliver them: the headers, body shapes and signatures of GitHub, Stripe and Slack,
/// computed here from each sender's documented recipe (not with the server's own code).
/// </summary>
public sealed class WebhookProviderTests : IClassFixture<ServerFactory>
{
    private const string GitHubPush = """
        {
          "ref": "refs/heads/main",
          "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
          "after": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5",
          "repository": {
            "id": 186853002,
            "name": "stepwise",
            "full_name": "octo-org/stepwise",
            "private": false,
            "owner": { "name": "octo-org", "login": "octo-org" },
            "default_branch": "main"
          },
          "pusher": { "name": "octocat", "email": "octocat@github.com" },
          "sender": { "login": "octocat", "id": 583231, "type": "User" },
          "created": false,
          "deleted": false,
          "forced": false,
          "compare": "https://github.com/octo-org/stepwise/compare/6113728f27ae...59b20b8d5c6f",
          "commits": [
            { "id": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5", "message": "Fix the build\n\nwith details", "author": { "name": "Mona" }, "added": [], "removed": [], "modified": ["README.md"] },
            { "id": "1cc5f4b0b7a1b7a9e5a7a0f1f2c3d4e5f6a7b8c9", "message": "Add docs", "author": { "name": "Mona" }, "added": ["docs/x.md"], "removed": [], "modified": [] }
          ],
          "head_commit": { "id": "59b20b8d5c6ff8d09518454d4dd8b7b30f095ab5", "message": "Fix the build\n\nwith details" }
        }
        """;

    private readonly ServerFactory factory;

    public WebhookProviderTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Post_GitHubPushSignedWithTheOrgSecret_RunReadsBodyHeadersAndDeclaredParams()
    {
        const string secret = "gh-hook-secret-7f3a";
        await SetupAsync("github_push", "github/push", "github", "gh_push_hook", secret, """
            params:
              - { name: ref, type: string }
            nodes:
              - id: read
                type: transform
                with:
                  event: ${{ trigger.headers['x-github-event'] }}
                  delivery: ${{ trigger.headers['x-github-delivery'] }}
                  repo: ${{ trigger.body.repository.full_name }}
                  ref: ${{ params.ref }}
                  commits: ${{ len(trigger.body.commits) }}
                  pusher: ${{ trigger.body.pusher.name }}
                  method: ${{ trigger.method }}
                  starts: ${{ starts_with(trigger.raw_body, '{') }}
            output: ${{ nodes.read.output }}
            """);

        using var response = await SendAsync("/hooks/default/github/push", GitHubPush, "application/json", body =>
        [
            ("User-Agent", "GitHub-Hookshot/044aadd"),
            ("X-GitHub-Event", "push"),
            ("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958"),
            ("X-GitHub-Hook-ID", "292430182"),
            ("X-GitHub-Hook-Installation-Target-Type", "repository"),
            ("X-Hub-Signature", "sha1=" + Convert.ToHexStringLower(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), body))),
            ("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body))),
        ]);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""
                    {"event":"push","delivery":"72d3162e-cc78-11e3-81ab-4c9367dc0958","repo":"octo-org/stepwise",
                     "ref":"refs/heads/main","commits":2,"pusher":"octocat","method":"POST","starts":true}
                    """),
                JsonNode.Parse(text)),
            text);
    }

    [Theory]
    [InlineData("wrong-secret", "the signature does not match the body")]
    [InlineData(null, "the X-Hub-Signature-256 header is missing")]
    public async Task Post_GitHubPushBadOrMissingSignature_Returns401AndStartsNoRun(string? signWith, string reason)
    {
        await SetupAsync("github_guarded", "github/guarded", "github", "gh_guarded_hook", "the-real-secret", """
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);
        var before = await CountRunsAsync("github_guarded");

        using var response = await SendAsync("/hooks/default/github/guarded", GitHubPush, "application/json", body => signWith is null
            ? [("X-GitHub-Event", "push")]
            : [("X-GitHub-Event", "push"), ("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signWith), body)))]);

        var error = await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal("Invalid webhook signature", Envelope.Message(error));
        Assert.Equal(reason, error["details"]!["reason"]!.GetValue<string>());
        Assert.StartsWith("Send X-Hub-Signature-256: sha256=<hex HMAC-SHA256", error["details"]!["hint"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("the-real-secret", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountRunsAsync("github_guarded"));
    }

    [Fact]
    public async Task Post_StripeEventFreshlySigned_RunsAndAReplayedOldOneIsRefused()
    {
        const string secret = "whsec_5f2b8c1e9d7a4b3c";
        await SetupAsync("stripe_events", "stripe", "stripe", "stripe_hook", secret, """
            nodes:
              - id: read
                type: transform
                with:
                  type: ${{ trigger.body.type }}
                  amount: ${{ trigger.body.data.object.amount }}
                  live: ${{ trigger.body.livemode }}
            output: ${{ nodes.read.output }}
            """);
        const string evt = """
            {
              "id": "evt_3OqZ2b2eZvKYlo2C1",
              "object": "event",
              "api_version": "2024-06-20",
              "created": 1710000000,
              "data": { "object": { "id": "pi_3OqZ2b", "object": "payment_intent", "amount": 2000, "currency": "usd", "status": "succeeded" } },
              "livemode": false,
              "pending_webhooks": 1,
              "request": { "id": null, "idempotency_key": null },
              "type": "payment_intent.succeeded"
            }
            """;

        using var fresh = await SendAsync("/hooks/default/stripe", evt, "application/json; charset=utf-8", body =>
            [("User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"), ("Stripe-Signature", StripeHeader(secret, DateTimeOffset.UtcNow, body))]);
        var text = await fresh.Content.ReadAsStringAsync();
        Assert.True(fresh.StatusCode == HttpStatusCode.OK, text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"type":"payment_intent.succeeded","amount":2000,"live":false}"""), JsonNode.Parse(text)), text);

        var before = await CountRunsAsync("stripe_events");
        using var replayed = await SendAsync("/hooks/default/stripe", evt, "application/json; charset=utf-8", body =>
            [("Stripe-Signature", StripeHeader(secret, DateTimeOffset.UtcNow.AddMinutes(-10), body))]);
        var error = await Envelope.AssertErrorAsync(replayed, 401, "UNAUTHORIZED");
        Assert.Equal(
            "the signed timestamp is more than 5m away from the server's clock (a replayed or delayed request)",
            error["details"]!["reason"]!.GetValue<string>());

        using var forged = await SendAsync("/hooks/default/stripe", evt, "application/json", body =>
            [("Stripe-Signature", StripeHeader("whsec_not_it", DateTimeOffset.UtcNow, body))]);
        await Envelope.AssertErrorAsync(forged, 401, "UNAUTHORIZED");
        Assert.Equal(before, await CountRunsAsync("stripe_events"));
    }

    [Fact]
    public async Task Post_SlackSlashCommandFormEncodedAndSigned_AnswersTheMessageFromFormFields()
    {
        const string secret = "8f742231b10e8888abcd99yyyzzz85a5";
        await SetupAsync("slack_command", "slack/deploy", "slack", "slack_signing", secret, """
            params:
              - { name: user_name, type: string }
              - { name: text, type: string, default: "" }
            nodes:
              - id: reply
                type: transform
                with:
                  response_type: in_channel
                  text: ${{ params.user_name + ' ran ' + trigger.body.command + ' ' + params.text + ' in ' + trigger.body.channel_name }}
            output: ${{ nodes.reply.output }}
            """);
        var form = "token=gIkuvaNzQIHg97ATvDxqgjtO&team_id=T0001&team_domain=example&enterprise_id=E0001&enterprise_name=Globular%20Construct%20Inc"
            + "&channel_id=C2147483705&channel_name=ops&user_id=U2147483697&user_name=Steve&command=%2Fdeploy&text=api%20v2"
            + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2F1234%2F5678&trigger_id=13345224609.738474920.8088930838d88f008e0&api_app_id=A123456";

        using var response = await SendAsync("/hooks/default/slack/deploy", form, "application/x-www-form-urlencoded", body => SlackHeaders(secret, DateTimeOffset.UtcNow, body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"response_type":"in_channel","text":"Steve ran /deploy api v2 in ops"}"""), JsonNode.Parse(text)), text);

        using var stale = await SendAsync("/hooks/default/slack/deploy", form, "application/x-www-form-urlencoded", body => SlackHeaders(secret, DateTimeOffset.UtcNow.AddMinutes(-6), body));
        var error = await Envelope.AssertErrorAsync(stale, 401, "UNAUTHORIZED");
        Assert.StartsWith("the signed timestamp is more than 5m away", error["details"]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);

        using var unsigned = await SendAsync("/hooks/default/slack/deploy", form, "application/x-www-form-urlencoded", _ => []);
        error = await Envelope.AssertErrorAsync(unsigned, 401, "UNAUTHORIZED");
        Assert.Equal("the X-Slack-Signature or X-Slack-Request-Timestamp header is missing", error["details"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_JsonArrayBody_RunReadsItAsTriggerBody()
    {
        await factory.Client().DeployAsync("""
            name: batch_hook
            triggers: [{ type: webhook, path: batch, respond: sync }]
            nodes:
              - id: sum
                type: transform
                with:
                  items: ${{ len(trigger.body) }}
                  qty: ${{ sum(map(trigger.body, line => line.qty)) }}
                  first: ${{ trigger.body[0].sku }}
            output: ${{ nodes.sum.output }}
            """);

        using var response = await SendAsync("/hooks/default/batch", """[{"sku":"a-1","qty":2},{"sku":"b-2","qty":3}]""", "application/json", _ => []);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"items":2,"qty":5,"first":"a-1"}"""), JsonNode.Parse(text)), text);
    }

    [Theory]
    [InlineData("text/plain", "deploy please", "\"deploy please\"")]
    [InlineData("application/xml", "<ping/>", "\"<ping/>\"")]
    [InlineData("application/json", "42", "42")]
    [InlineData("application/json", "", "null")]
    [InlineData(null, "", "null")]
    public async Task Post_TextScalarOrEmptyBody_RunReadsItAsTriggerBody(string? contentType, string body, string expected)
    {
        await factory.Client().DeployAsync("""
            name: any_body
            triggers: [{ type: webhook, path: any-body, respond: sync }]
            nodes:
              - id: echo
                type: transform
                with:
                  body: ${{ trigger.body }}
                  raw: ${{ trigger.raw_body }}
            output: ${{ nodes.echo.output }}
            """);

        using var response = await SendAsync("/hooks/default/any-body", body, contentType, _ => []);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var output = JsonNode.Parse(text)!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), output["body"]), text);
        Assert.Equal(body, output["raw"]!.GetValue<string>());
    }

    private async Task SetupAsync(string name, string path, string signature, string secretName, string secret, string rest)
    {
        using var client = factory.Client();
        using (var put = await client.PutAsync($"/api/v1/secrets/{secretName}", Api.Json(new JsonObject { ["value"] = secret }.ToJsonString())))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        await client.DeployAsync($$$"""
            name: {{{name}}}
            triggers:
              - type: webhook
                path: {{{path}}}
                respond: sync
                secret: ${{ secrets.{{{secretName}}} }}
                signature: {{{signature}}}
            {{{rest}}}
            """);
    }

    private async Task<HttpResponseMessage> SendAsync(
        string url, string body, string? contentType, Func<byte[], (string Name, string Value)[]> headers)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        using var anonymous = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bytes) };
        if (contentType is not null)
        {
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        foreach (var (name, value) in headers(bytes))
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await anonymous.SendAsync(request);
    }

    /// <summary>Stripe's scheme: <c>t=&lt;unix&gt;,v1=&lt;hex HMAC-SHA256 of "t.payload"&gt;</c> (and a v0 it no longer checks).</summary>
    private static string StripeHeader(string secret, DateTimeOffset at, byte[] body)
    {
        var t = at.ToUnixTimeSeconds();
        var payload = Encoding.UTF8.GetBytes($"{t}.").Concat(body).ToArray();
        var v1 = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), payload));
        return $"t={t},v1={v1},v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39";
    }

    /// <summary>Slack's scheme: <c>v0=&lt;hex HMAC-SHA256 of "v0:ts:body"&gt;</c> with the timestamp in its own header.</summary>
    private static (string, string)[] SlackHeaders(string secret, DateTimeOffset at, byte[] body)
    {
        var ts = at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var basestring = Encoding.UTF8.GetBytes($"v0:{ts}:").Concat(body).ToArray();
        return
        [
            ("User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)"),
            ("X-Slack-Request-Timestamp", ts),
            ("X-Slack-Signature", "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), basestring))),
        ];
    }

    private async Task<int> CountRunsAsync(string workflow)
    {
        using var client = factory.Client();
        var page = await (await client.GetAsync($"/api/v1/executions?workflow={workflow}&limit=200")).ReadObjectAsync();
        return page["items"]!.AsArray().Count;
    }
}
