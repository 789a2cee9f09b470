using System.Net;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Authentication;

/// <summary>
/// Nothing of organization A is visible, runnable or guessable from organization B: every route that names a
/// resource of A answers B exactly as it answers for a resource that does not exist (404), and lists stay empty.
/// </summary>
public sealed class TenancyIsolationTests : IClassFixture<ServerFactory>
{
    private const string Workflow = """
        name: payroll
        nodes:
          - id: pay
            type: log
            with: { message: pay }
            compensate: { type: log, with: { message: undo pay } }
          - id: fail
            type: fail
            with: { message: stop }
        """;

    private readonly ServerFactory factory;

    public TenancyIsolationTests(ServerFactory factory) => this.factory = factory;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OtherOrganization_SeesNothingAndGets404ForEveryResourceOfOrgA(bool bearerToken)
    {
        var orgA = "iso-a-" + bearerToken.ToString().ToLowerInvariant();
        var orgB = "iso-b-" + bearerToken.ToString().ToLowerInvariant();
        await factory.CreateOrgAsync(orgA);
        await factory.CreateOrgAsync(orgB);
        using var a = factory.Client(await factory.CreateKeyAsync(orgA, ApiKeyRole.Admin));
        await a.DeployAsync(Workflow);
        var run = await a.RunAsync("payroll");
        Assert.Equal("failed", run.Status());

        using var b = bearerToken
            ? factory.BearerClient(await SignInAdminAsync(orgB))
            : factory.Client(await factory.CreateKeyAsync(orgB, ApiKeyRole.Admin));

        // Lists of B hold nothing of A.
        foreach (var list in new[] { "/api/v1/workflows", "/api/v1/executions", "/api/v1/schedules", "/api/v1/admin/jobs?status=failed", "/api/v1/audit" })
        {
            using var response = await b.GetAsync(list);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{list}: {(int)response.StatusCode} {text}");
            Assert.DoesNotContain("payroll", text, StringComparison.Ordinal);
            Assert.DoesNotContain(run.Id(), text, StringComparison.Ordinal);
        }

        // Each resource of A answers B as a resource that does not exist answers (same status, code and message).
        var probes = new (HttpMethod Method, string Path, string Missing)[]
        {
            (HttpMethod.Get, "/api/v1/workflows/payroll", "/api/v1/workflows/nothing"),
            (HttpMethod.Get, "/api/v1/workflows/payroll/versions", "/api/v1/workflows/nothing/versions"),
            (HttpMethod.Get, "/api/v1/workflows/payroll/versions/1", "/api/v1/workflows/nothing/versions/1"),
            (HttpMethod.Post, "/api/v1/workflows/payroll/executions", "/api/v1/workflows/nothing/executions"),
            (HttpMethod.Delete, "/api/v1/workflows/payroll", "/api/v1/workflows/nothing"),
            (HttpMethod.Get, $"/api/v1/executions/{run.Id()}", "/api/v1/executions/{0}"),
            (HttpMethod.Get, $"/api/v1/executions/{run.Id()}/logs", "/api/v1/executions/{0}/logs"),
            (HttpMethod.Post, $"/api/v1/executions/{run.Id()}/cancel", "/api/v1/executions/{0}/cancel"),
            (HttpMethod.Post, $"/api/v1/executions/{run.Id()}/retry", "/api/v1/executions/{0}/retry"),
            (HttpMethod.Post, $"/api/v1/executions/{run.Id()}/compensate", "/api/v1/executions/{0}/compensate"),
            (HttpMethod.Delete, $"/api/v1/admin/jobs/{run.Id()}", "/api/v1/admin/jobs/{0}"),
        };
        var unknownId = Guid.CreateVersion7().ToString();
        foreach (var (method, path, missing) in probes)
        {
            var (status, code, message) = await SendAsync(b, method, path);
            var (missingStatus, missingCode, missingMessage) = await SendAsync(b, method, string.Format(System.Globalization.CultureInfo.InvariantCulture, missing, unknownId));
            Assert.True(status == 404, $"{method} {path}: {status} {code} {message}");
            Assert.Equal((missingStatus, missingCode), (status, code));
            Assert.Equal(missingMessage.Replace(unknownId, "ID", StringComparison.Ordinal).Replace("nothing", "NAME", StringComparison.Ordinal),
                message.Replace(run.Id(), "ID", StringComparison.Ordinal).Replace("payroll", "NAME", StringComparison.Ordinal));
        }

        // B could not touch anything: A's run and workflow are as they were.
        Assert.Equal("failed", (await a.GetRunAsync(run.Id())).Status());
        using var stillThere = await a.GetAsync("/api/v1/workflows/payroll");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }

    [Fact]
    public async Task OrgKey_ChoosingAnotherOrganization_IsForbiddenUnlessPlatformAdmin()
    {
        await factory.CreateOrgAsync("iso-c");
        await factory.CreateOrgAsync("iso-d");
        using var c = factory.Client(await factory.CreateKeyAsync("iso-c", ApiKeyRole.Admin), org: "iso-d");
        using var response = await c.GetAsync("/api/v1/workflows");
        await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
    }

    private async Task<string> SignInAdminAsync(string org)
    {
        var username = "admin-" + org;
        await factory.CreateUserAsync(username, "a long password", org, ApiKeyRole.Admin);
        return (await factory.SignInAsync(username, "a long password")).Text("access_token");
    }

    private static async Task<(int Status, string Code, string Message)> SendAsync(HttpClient client, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        if (method == HttpMethod.Post)
        {
            request.Content = Api.Json("{}");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var error = System.Text.Json.Nodes.JsonNode.Parse(text)?["error"];
        return ((int)response.StatusCode, error?["code"]?.GetValue<string>() ?? text, error?["message"]?.GetValue<string>() ?? text);
    }
}
