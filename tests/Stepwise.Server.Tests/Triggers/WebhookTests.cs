using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

public sealed class WebhookTests : IClassFixture<ServerFactory>
{
    private const string Secret = "topsecret-0123456789";

    private readonly ServerFactory factory;

    public WebhookTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Post_SyncGreet_Returns200WithTheOutputAndTheRunId()
    {
        using var client = await DeployAsync(RepoPaths.ReadExample("greet.yaml"));

        using var response = await PostAsync("/hooks/default/greet", """{"name":"Ada","n":21}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var output = JsonNode.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"doubled":42,"greeting":"hello Ada"}"""), output), output?.ToJsonString());
        var id = response.Headers.GetValues("X-Execution-Id").Single();
        var run = await client.GetRunAsync(id);
        Assert.Equal("succeeded", run.Status());
        Assert.Equal("greet", run["workflow"]!.GetValue<string>());
    }

    [Fact]
    public async Task Post_AsyncWebhook_Returns202ThenTheRunSucceeds()
    {
        using var client = await DeployAsync(RepoPaths.ReadExample("greet.yaml")
            .Replace("name: greet", "name: greet_later", StringComparison.Ordinal)
            .Replace("path: greet\n    respond: sync", "path: greet-later", StringComparison.Ordinal));

        using var response = await PostAsync("/hooks/default/greet-later", """{"name":"Bo","n":2}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.ReadObjectAsync();
        Assert.Equal($"/api/v1/executions/{accepted.Id()}", response.Headers.Location?.ToString());
        Assert.Equal(("greet_later", "pending"), (accepted["workflow"]!.GetValue<string>(), accepted.Status()));
        var run = await client.WaitForAsync(accepted.Id(), "succeeded");
        Assert.Equal(4, run["output"]!["doubled"]!.GetValue<int>());
    }

    [Fact]
    public async Task Post_HeadersAndQuery_ReachTheRunAsTriggerWithoutCredentials()
    {
        await DeployAsync("""
            name: echo_hook
            params:
              - { name: who, type: string, default: nobody }
            triggers:
              - type: webhook
                path: echo/in
                respond: sync
            nodes:
              - id: show
                type: transform
                with:
                  kind: ${{ trigger.type }}
                  path: ${{ trigger.path }}
                  event: ${{ trigger.headers['x-event'] }}
                  ref: ${{ trigger.query.ref }}
                  tags: ${{ trigger.query.tag }}
                  leaked: ${{ contains(keys(trigger.headers), 'authorization') || contains(keys(trigger.headers), 'x-api-key') || contains(keys(trigger.query), 'code') }}
                  who: ${{ params.who }}
            output: ${{ nodes.show.output }}
            """);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/default/echo/in?ref=main&tag=a&tag=b&code=k")
        {
            Content = Api.Json("""{"who":"Ada"}"""),
        };
        request.Headers.Add("X-Event", "push");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "not-for-the-run");
        request.Headers.Add("X-API-Key", "not-for-the-run-either");
        using var anonymous = factory.CreateClient();

        using var response = await anonymous.SendAsync(request);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.True(
            JsonNode.DeepEquals(
                JsonNode.Parse("""{"kind":"webhook","path":"echo/in","event":"push","ref":"main","tags":["a","b"],"leaked":false,"who":"Ada"}"""),
                JsonNode.Parse(text)),
            text);
    }

    [Theory]
    [InlineData("/hooks/default/no-such-hook", "Webhook 'default/no-such-hook' not found")]
    [InlineData("/hooks/no-such-org/greet", "Webhook 'no-such-org/greet' not found")]
    [InlineData("/hooks/default/", "Webhook 'default/' not found")]
    public async Task Post_UnknownOrgOrPath_Returns404Envelope(string url, string message)
    {
        await DeployAsync(RepoPaths.ReadExample("greet.yaml"));

        using var response = await PostAsync(url, "{}");

        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Equal(message, Envelope.Message(error));
    }

    [Fact]
    public async Task Post_MissingAndBadParams_Returns422ListingEveryProblemButNotUndeclaredFields()
    {
        await DeployAsync(RepoPaths.ReadExample("greet.yaml"));

        using var response = await PostAsync("/hooks/default/greet", """{"n":"many","extra":1}""");

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        var problems = error["details"]!["errors"]!.AsArray().Select(e => e!.GetValue<string>()).ToList();
        Assert.Contains("Missing required parameter: name", problems);
        Assert.Contains(problems, p => p.StartsWith("Parameter 'n' validation failed", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Contains("extra", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{\"name\":", "application/json", 400, "BAD_REQUEST", "Malformed JSON")]
    [InlineData("[1, 2]", "application/json", 422, "VALIDATION_ERROR", "Missing required parameter: name")]
    [InlineData("--b\r\n\r\nx\r\n--b--", "multipart/form-data; boundary=b", 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported content type 'multipart/form-data; boundary=b': webhooks read JSON")]
    [InlineData("n=1", "application/x-www-form-urlencoded; charset=no-such-charset", 415, "UNSUPPORTED_MEDIA_TYPE", "Unsupported charset 'no-such-charset'")]
    public async Task Post_BodyThatCannotBeRead_ReturnsEnvelopeNamingTheProblem(
        string body, string contentType, int status, string code, string message)
    {
        await DeployAsync(RepoPaths.ReadExample("greet.yaml"));

        using var anonymous = factory.CreateClient();
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        using var response = await anonymous.PostAsync("/hooks/default/greet", content);

        var error = await Envelope.AssertErrorAsync(response, status, code);
        Assert.StartsWith(message, Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FailingSyncRun_Returns502ExecutionFailedNamingTheRunAndItsError()
    {
        await DeployAsync("""
            name: doomed
            triggers: [{ type: webhook, path: doomed, respond: sync }]
            nodes: [{ id: boom, type: fail, with: { message: card declined } }]
            """);

        using var response = await PostAsync("/hooks/default/doomed", "{}");

        var error = await Envelope.AssertErrorAsync(response, 502, "EXECUTION_FAILED");
        Assert.Equal("failed", error["details"]!["status"]!.GetValue<string>());
        Assert.Contains("card declined", Envelope.Message(error), StringComparison.Ordinal);
        Assert.Equal(error["details"]!["execution_id"]!.GetValue<string>(), response.Headers.GetValues("X-Execution-Id").Single());
    }

    [Fact]
    public async Task Post_FailingSyncRunWhoseErrorHoldsASecret_AnswersTheErrorWithTheSecretMasked()
    {
        using var client = await DeployAsync("""
            name: leaky
            triggers: [{ type: webhook, path: leaky, respond: sync }]
            nodes: [{ id: boom, type: fail, with: { message: "${{ 'declined with key ' + secrets.card_api_key }}" } }]
            """);
        using (var put = await client.PutAsync("/api/v1/secrets/card_api_key", Api.Json("""{"value":"sk_live_0123456789abcdef"}""")))
        {
            Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        }

        using var response = await PostAsync("/hooks/default/leaky", "{}");

        var text = await response.Content.ReadAsStringAsync();
        var error = await Envelope.AssertErrorAsync(response, 502, "EXECUTION_FAILED");
        Assert.Contains("declined with key", Envelope.Message(error), StringComparison.Ordinal);
        Assert.DoesNotContain("sk_live_0123456789abcdef", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SignedWithTheSecret_Runs()
    {
        await DeploySignedAsync();
        var body = """{"name":"Ada","n":1}""";

        using var response = await PostAsync("/hooks/default/signed", body, Sign(body));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["doubled"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("wrong", "the signature does not match the body")]
    [InlineData(null, "the X-Signature header is missing")]
    [InlineData("sha256=xyz", "the X-Signature header is not 'sha256=' followed by 64 hex digits")]
    [InlineData("md5=d41d8cd98f00b204e9800998ecf8427e", "the X-Signature header is not 'sha256=' followed by 64 hex digits")]
    public async Task Post_WrongMissingOrMalformedSignature_Returns401AndStartsNoRun(string? signature, string reason)
    {
        using var client = await DeploySignedAsync();
        var body = """{"name":"Ada","n":1}""";
        var header = signature == "wrong" ? Sign("""{"name":"Eve","n":1}""") : signature;
        var before = await CountRunsAsync(client, "signed");

        using var response = await PostAsync("/hooks/default/signed", body, header);

        var error = await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal("Invalid webhook signature", Envelope.Message(error));
        Assert.Equal(reason, error["details"]!["reason"]!.GetValue<string>());
        Assert.Equal(before, await CountRunsAsync(client, "signed"));
    }

    [Fact]
    public async Task Post_SecretFromUnknownSecret_Returns401WithoutSayingWhy()
    {
        await DeployAsync("""
            name: vaulted
            triggers:
              - type: webhook
                path: vaulted
                secret: ${{ secrets.vaulted_hook }}
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);
        var body = "{}";

        using var response = await PostAsync("/hooks/default/vaulted", body, Sign(body));

        var error = await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal("Invalid webhook signature", Envelope.Message(error));
        Assert.Null(error["details"]);
    }

    [Fact]
    public async Task Delete_Workflow_WebhookAnswers404AndRedeployServesTheNewPath()
    {
        using var client = await DeployAsync(Hook("moving", "first-path"));
        using (var before = await PostAsync("/hooks/default/first-path", "{}"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        using (var deleted = await client.DeleteAsync("/api/v1/workflows/moving"))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        }

        using (var gone = await PostAsync("/hooks/default/first-path", "{}"))
        {
            await Envelope.AssertErrorAsync(gone, 404, "NOT_FOUND");
        }

        await client.DeployAsync(Hook("moving", "second-path"));
        using var old = await PostAsync("/hooks/default/first-path", "{}");
        await Envelope.AssertErrorAsync(old, 404, "NOT_FOUND");
        using var moved = await PostAsync("/hooks/default/second-path", "{}");
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    [Fact]
    public async Task Deploy_PathOfAnotherWorkflow_Returns409NamingIt()
    {
        using var client = await DeployAsync(Hook("owner", "taken"));

        using var response = await client.PostAsync("/api/v1/workflows", Api.Yaml(Hook("intruder", "taken")));

        var error = await Envelope.AssertErrorAsync(response, 409, "CONFLICT");
        Assert.Equal(
            "Webhook path 'taken' is already used by workflow 'owner'; choose another path or delete 'owner' first",
            Envelope.Message(error));
        using var missing = await client.GetAsync("/api/v1/workflows/intruder");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task GetWorkflow_WithScheduleAndFileWatch_ShowsNextFireTimeAndFolder()
    {
        using var client = await DeployAsync("""
            name: timed
            triggers:
              - type: schedule
                cron: "0 3 * * *"
                timezone: Europe/Berlin
              - type: file_watch
                path: inbox
                pattern: "*.csv"
                events: [created, deleted]
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);

        var detail = await (await client.GetAsync("/api/v1/workflows/timed")).ReadObjectAsync();

        var schedule = Assert.Single(detail["schedules"]!.AsArray())!;
        Assert.Equal(("0 3 * * *", "Europe/Berlin"), (schedule["cron"]!.GetValue<string>(), schedule["timezone"]!.GetValue<string>()));
        var next = schedule["next_fire_at"]!.GetValue<DateTimeOffset>();
        Assert.InRange(next - DateTimeOffset.UtcNow, TimeSpan.Zero, TimeSpan.FromHours(25));
        Assert.Equal(3, TimeZoneInfo.ConvertTime(next, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Hour);
        var watch = Assert.Single(detail["file_watches"]!.AsArray())!;
        Assert.Equal(Path.Combine(Path.GetFullPath(factory.DataFolder), "inbox"), watch["folder"]!.GetValue<string>());
        Assert.Equal("""["created","deleted"]""", watch["events"]!.ToJsonString());
        var listed = await (await client.GetAsync("/api/v1/schedules")).ReadObjectAsync();
        Assert.Contains(listed["schedules"]!.AsArray(), s => s!["workflow"]!.GetValue<string>() == "timed");
        var upcoming = await (await client.GetAsync("/api/v1/schedules?workflow=timed&count=4")).ReadObjectAsync();
        var times = Assert.Single(upcoming["schedules"]!.AsArray())!["next_fire_times"]!.AsArray().Select(t => t!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(4, times.Count);
        Assert.Equal(next, times[0]);
        Assert.All(times, t => Assert.Equal(3, TimeZoneInfo.ConvertTime(t, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")).Hour));
        Assert.Equal(3, times.Zip(times.Skip(1), (a, b) => b - a).Count(gap => gap >= TimeSpan.FromHours(23) && gap <= TimeSpan.FromHours(25)));
        using (var bad = await client.GetAsync("/api/v1/schedules?count=0"))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains("Invalid value '0' for 'count': expected a whole number from 1 to 100", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (await client.DeleteAsync("/api/v1/workflows/timed"))
        {
        }

        listed = await (await client.GetAsync("/api/v1/schedules")).ReadObjectAsync();
        Assert.DoesNotContain(listed["schedules"]!.AsArray(), s => s!["workflow"]!.GetValue<string>() == "timed");
        Assert.DoesNotContain(listed["file_watches"]!.AsArray(), s => s!["workflow"]!.GetValue<string>() == "timed");
    }

    private static string Hook(string name, string path) => $$"""
        name: {{name}}
        triggers: [{ type: webhook, path: {{path}}, respond: sync }]
        nodes: [{ id: a, type: transform, with: { x: 1 } }]
        """;

    private static string Sign(string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(body)));

    private Task<HttpClient> DeploySignedAsync() => DeployAsync(RepoPaths.ReadExample("greet.yaml")
        .Replace("name: greet", "name: signed", StringComparison.Ordinal)
        .Replace("path: greet", $"path: signed\n    secret: {Secret}", StringComparison.Ordinal));

    private async Task<HttpClient> DeployAsync(string yaml)
    {
        var client = factory.Client();
        await client.DeployAsync(yaml);
        return client;
    }

    private async Task<HttpResponseMessage> PostAsync(string url, string body, string? signature = null)
    {
        using var anonymous = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = Api.Json(body) };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Signature", signature);
        }

        return await anonymous.SendAsync(request);
    }

    private static async Task<int> CountRunsAsync(HttpClient client, string workflow)
    {
        var page = await (await client.GetAsync($"/api/v1/executions?workflow={workflow}&limit=200")).ReadObjectAsync();
        return page["items"]!.AsArray().Count;
    }
}
