using System.Net;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Authentication;

/// <summary>The audit log records logins, logouts, deploys and run control, and admins read it with filters.</summary>
public sealed class AuditTests : IClassFixture<ServerFactory>
{
    private const string Password = "audit password 123";

    private const string Workflow = """
        name: ledger
        nodes:
          - id: book
            type: log
            with: { message: book }
            compensate: { type: log, with: { message: undo } }
          - id: stop
            type: fail
            with: { message: stop }
        """;

    private readonly ServerFactory factory;

    public AuditTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Changes_ToSecretsConfigurationAndThePurge_AreAuditedWithoutValues()
    {
        const string SecretValue = "audit-secret-value-42";
        await factory.CreateOrgAsync("audit-c");
        using var admin = factory.Client(await factory.CreateKeyAsync("audit-c", ApiKeyRole.Admin));

        (await admin.PutAsync("/api/v1/secrets/api_token", Api.Json($$"""{"value":"{{SecretValue}}"}"""))).EnsureSuccessStatusCode();
        (await admin.DeleteAsync("/api/v1/secrets/api_token")).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/v1/config/region", Api.Json("""{"value":"eu"}"""))).EnsureSuccessStatusCode();
        (await admin.DeleteAsync("/api/v1/config/region")).EnsureSuccessStatusCode();
        (await admin.PostAsync("/api/v1/admin/jobs/purge?status=failed&older_than=7d", null)).EnsureSuccessStatusCode();

        var entries = await ReadAllAsync(admin, "/api/v1/audit?limit=10");
        Assert.Equal(
            ["secret.put", "secret.delete", "config.put", "config.delete", "execution.purge"],
            entries.Select(e => e.Text("action")).Reverse());
        Assert.Equal(("secret", "api_token"), (entries[^1].Text("resource_type"), entries[^1].Text("resource_id")));
        Assert.Equal("0 failed older than 7d", entries[0].Text("detail"));
        Assert.DoesNotContain(SecretValue, string.Join("\n", entries.Select(e => e.ToJsonString())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Actions_AreAuditedWithActorResourceOutcomeAndOrigin()
    {
        await factory.CreateOrgAsync("audit-a");
        var userId = await factory.CreateUserAsync("auditor", Password, "audit-a", ApiKeyRole.Admin);
        using (var wrong = await factory.LoginAsync("auditor", "not the password"))
        {
            await Envelope.AssertErrorAsync(wrong, 401, "UNAUTHORIZED");
        }

        var tokens = await factory.SignInAsync("auditor", Password);
        using var refreshed = await factory.PostTokenAsync("/auth/refresh", tokens.Text("refresh_token"));
        var current = await refreshed.ReadObjectAsync();
        using var user = factory.BearerClient(current.Text("access_token"));
        user.DefaultRequestHeaders.Add("X-Request-ID", "audit-request-1");
        await user.DeployAsync(Workflow);
        var run = await user.RunAsync("ledger");
        using (await user.PostAsync($"/api/v1/executions/{run.Id()}/cancel", null))
        using (await user.PostAsync($"/api/v1/executions/{run.Id()}/retry?wait=30s", null))
        {
        }

        await user.WaitForAsync(run.Id(), "failed");
        using (var compensate = await user.PostAsync($"/api/v1/executions/{run.Id()}/compensate?wait=30s", null))
        {
            Assert.Equal(HttpStatusCode.OK, compensate.StatusCode);
        }

        using (await user.DeleteAsync("/api/v1/workflows/ledger"))
        using (var logout = await factory.PostTokenAsync("/auth/logout", current.Text("refresh_token")))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        var admin = factory.Client(await factory.CreateKeyAsync("audit-a", ApiKeyRole.Admin));
        var entries = await ReadAllAsync(admin, "/api/v1/audit?limit=3");
        var actions = entries.Select(e => $"{e.Text("action")}:{e.Text("outcome")}").Reverse().ToList();
        Assert.Equal(
            [
                "auth.login:failure", "auth.login:success", "auth.refresh:success", "workflow.deploy:success",
                "execution.start:success", "execution.cancel:failure", "execution.retry:success",
                "execution.compensate:success", "workflow.delete:success", "auth.logout:success",
            ],
            actions);
        Assert.All(entries, e => Assert.Equal(userId, e["actor_id"]?.GetValue<string>()));
        Assert.All(entries, e => Assert.Equal("user", e.Text("actor_type")));

        // A failed login has no caller yet: its entry still says which request it was.
        var failedLogin = entries.Single(e => e.Text("action") == "auth.login" && e.Text("outcome") == "failure");
        Assert.False(string.IsNullOrEmpty(failedLogin["request_id"]?.GetValue<string>()));

        var start = entries.Single(e => e.Text("action") == "execution.start");
        Assert.Equal(("execution", run.Id(), "audit-request-1"), (start.Text("resource_type"), start.Text("resource_id"), start.Text("request_id")));
        var text = string.Join("\n", entries.Select(e => e.ToJsonString()));
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain("not the password", text, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Text("refresh_token"), text, StringComparison.Ordinal);
        Assert.DoesNotContain(tokens.Text("access_token"), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Filters_ByActorActionResourceAndTime()
    {
        await factory.CreateOrgAsync("audit-b");
        using var key = factory.Client(await factory.CreateKeyAsync("audit-b", ApiKeyRole.Admin));
        await key.DeployAsync(Workflow);
        var run = await key.RunAsync("ledger");

        var byAction = await ReadAllAsync(key, "/api/v1/audit?action=execution.start");
        Assert.Equal(run.Id(), Assert.Single(byAction).Text("resource_id"));
        Assert.Equal("key", byAction[0].Text("actor_type"));
        var byResource = await ReadAllAsync(key, "/api/v1/audit?resource=ledger");
        Assert.Equal("workflow.deploy", Assert.Single(byResource).Text("action"));
        var actor = byAction[0].Text("actor_id");
        Assert.Equal(2, (await ReadAllAsync(key, $"/api/v1/audit?actor={actor}")).Count);
        Assert.Empty(await ReadAllAsync(key, "/api/v1/audit?actor=somebody-else"));
        Assert.Empty(await ReadAllAsync(key, "/api/v1/audit?until=2000-01-01T00:00:00Z"));
        Assert.Equal(2, (await ReadAllAsync(key, "/api/v1/audit?since=1h")).Count);
    }

    [Fact]
    public async Task WebhookRun_IsAuditedAsAStartByTheWebhook()
    {
        await factory.CreateOrgAsync("audit-c");
        using var key = factory.Client(await factory.CreateKeyAsync("audit-c", ApiKeyRole.Admin));
        await key.DeployAsync("""
            name: hooked
            triggers: [{ type: webhook, path: hooked, respond: sync }]
            nodes: [{ id: hello, type: log, with: { message: hi } }]
            """);
        using var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Request-ID", "audit-hook-1");
        string runId;
        using (var hook = await anonymous.PostAsync("/hooks/audit-c/hooked", Api.Json("{}")))
        {
            Assert.Equal(HttpStatusCode.OK, hook.StatusCode);
            runId = hook.Headers.GetValues("X-Execution-Id").Single();
        }

        // A run of in-memory steps is written whole, its start's entry in the same transaction: same run, same request.
        var start = Assert.Single(await ReadAllAsync(key, "/api/v1/audit?action=execution.start"));
        Assert.Equal(("webhook", "success"), (start.Text("actor_type"), start.Text("outcome")));
        Assert.Equal("hooked v1 (webhook)", start.Text("detail"));
        Assert.Matches("^aud_[0-9a-f]{24}$", start.Text("id"));
        Assert.Equal(("execution", runId, "audit-hook-1"), (start.Text("resource_type"), start.Text("resource_id"), start.Text("request_id")));
    }

    [Theory]
    [InlineData("cursor=%%%")]
    [InlineData("limit=0")]
    [InlineData("since=yesterday")]
    public async Task List_BadQuery_Returns422NamingTheParameter(string query)
    {
        using var admin = factory.Client();
        using var response = await admin.GetAsync($"/api/v1/audit?{query}");
        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Equal(query.Split('=')[0], (string)error["details"]!["parameter"]!);
    }

    [Fact]
    public async Task List_NonAdmin_Returns403()
    {
        using var developer = factory.Client(await factory.CreateKeyAsync("default", ApiKeyRole.Developer));
        using var response = await developer.GetAsync("/api/v1/audit");
        await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
    }

    private static async Task<List<JsonObject>> ReadAllAsync(HttpClient client, string url)
    {
        var items = new List<JsonObject>();
        string? cursor = null;
        do
        {
            var page = url + (cursor is null ? string.Empty : (url.Contains('?') ? "&" : "?") + "cursor=" + cursor);
            using var response = await client.GetAsync(page);
            var body = await response.ReadObjectAsync();
            Assert.True(response.IsSuccessStatusCode, body.ToJsonString());
            items.AddRange(body["items"]!.AsArray().Select(item => item!.AsObject()));
            cursor = body["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        return items;
    }
}
