using System.Net;
using System.Security.Cryptography;
using System.Text;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Triggers;

/// <summary>
/// <c>allow_ips</c> on the real server (Kestrel on 127.0.0.1, clients bound to other loopback addresses): the
/// connection's address decides, <c>X-Forwarded-For</c> only counts from a trusted proxy.
/// </summary>
public sealed class WebhookAllowIpsTests
{
    private const string Workflow = """
        name: guarded_hook
        triggers:
          - type: webhook
            path: guarded
            respond: sync
            allow_ips: [127.0.0.2, 192.30.252.0/22]
        nodes:
          - { id: echo, type: transform, with: { ref: "${{ trigger.body.ref }}" } }
        output: ${{ nodes.echo.output }}
        """;

    [Fact]
    public async Task Post_FromAnAllowedAddress_RunsAndFromAnyOtherIs403()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var admin = host.Client();
        await admin.DeployAsync(Workflow);
        using var allowed = host.Client(key: null, localAddress: "127.0.0.2");
        using var other = host.Client(key: null, localAddress: "127.0.0.3");

        using var ok = await allowed.PostAsync("/hooks/default/guarded", Api.Json("""{"ref": "refs/heads/main"}"""));
        using var refused = await other.PostAsync("/hooks/default/guarded", Api.Json("""{"ref": "refs/heads/main"}"""));
        using var spoofed = new HttpRequestMessage(HttpMethod.Post, "/hooks/default/guarded") { Content = Api.Json("{}") };
        spoofed.Headers.Add("X-Forwarded-For", "192.30.252.10");
        using var ignored = await other.SendAsync(spoofed);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("refs/heads/main", (await ok.ReadObjectAsync())["ref"]!.GetValue<string>());
        var error = await Envelope.AssertErrorAsync(refused, 403, "FORBIDDEN");
        Assert.Equal("Webhook 'default/guarded' does not accept requests from 127.0.0.3", Envelope.Message(error));
        Assert.Equal("127.0.0.3", error["details"]!["client_ip"]!.GetValue<string>());
        Assert.Equal(
            "Webhook 'default/guarded' does not accept requests from 127.0.0.3",
            Envelope.Message(await Envelope.AssertErrorAsync(ignored, 403, "FORBIDDEN")));
        var runs = await (await admin.GetAsync("/api/v1/executions?workflow=guarded_hook")).ReadObjectAsync();
        Assert.Single(runs["items"]!.AsArray());
    }

    [Fact]
    public async Task Post_ThroughATrustedProxy_TheForwardedClientDecides()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>
        {
            ["STEPWISE_TRUSTED_PROXIES"] = "127.0.0.5, 10.0.0.0/8",
        });
        using var admin = host.Client();
        await admin.DeployAsync(Workflow);
        using var proxy = host.Client(key: null, localAddress: "127.0.0.5");

        // GitHub's hook address, appended by the edge proxy (10.1.2.3) and then by the proxy the server sees.
        using var fromGitHub = await SendAsync(proxy, "192.30.252.41, 10.1.2.3");
        using var fromElsewhere = await SendAsync(proxy, "203.0.113.9, 10.1.2.3");
        using var forgedLeft = await SendAsync(proxy, "192.30.252.41, 203.0.113.9");
        using var garbage = await SendAsync(proxy, "not-an-address");

        Assert.Equal(HttpStatusCode.OK, fromGitHub.StatusCode);
        Assert.Equal(
            "Webhook 'default/guarded' does not accept requests from 203.0.113.9",
            Envelope.Message(await Envelope.AssertErrorAsync(fromElsewhere, 403, "FORBIDDEN")));
        Assert.Equal(
            "Webhook 'default/guarded' does not accept requests from 203.0.113.9",
            Envelope.Message(await Envelope.AssertErrorAsync(forgedLeft, 403, "FORBIDDEN")));
        Assert.Equal(
            "Webhook 'default/guarded' does not accept requests from an unknown address",
            Envelope.Message(await Envelope.AssertErrorAsync(garbage, 403, "FORBIDDEN")));
    }

    [Fact]
    public async Task Post_AllowedAddressWithABadSignature_IsStill401()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>());
        using var admin = host.Client();
        using (var put = await admin.PutAsync("/api/v1/secrets/gh_hook", Api.Json("""{"value": "gh-secret"}""")))
        {
            put.EnsureSuccessStatusCode();
        }

        await admin.DeployAsync("""
            name: signed_and_guarded
            triggers:
              - { type: webhook, path: both, secret: "${{ secrets.gh_hook }}", signature: github, allow_ips: [127.0.0.0/8] }
            nodes: [{ id: a, type: transform, with: { x: 1 } }]
            """);
        using var sender = host.Client(key: null, localAddress: "127.0.0.9");
        var body = """{"zen": "Keep it logically awesome.", "hook_id": 292430182}""";

        using var bad = new HttpRequestMessage(HttpMethod.Post, "/hooks/default/both") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        bad.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("wrong"u8, Encoding.UTF8.GetBytes(body))));
        using var refused = await sender.SendAsync(bad);
        using var good = new HttpRequestMessage(HttpMethod.Post, "/hooks/default/both") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        good.Headers.Add("X-GitHub-Event", "ping");
        good.Headers.Add("X-Hub-Signature-256", "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData("gh-secret"u8, Encoding.UTF8.GetBytes(body))));
        using var accepted = await sender.SendAsync(good);

        await Envelope.AssertErrorAsync(refused, 401, "UNAUTHORIZED");
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hooks/default/guarded") { Content = Api.Json("""{"ref": "x"}""") };
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        return await client.SendAsync(request);
    }
}
