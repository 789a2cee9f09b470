using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OAuth;

public sealed class OAuthConnectionTests : IDisposable
{
    private const string ClientSecret = "client-secret-Xy9-do-not-leak";

    private const string CallsApi = """
        name: calls_api
        params:
          - { name: url, type: string, required: true }
        nodes:
          - id: call
            type: http
            with:
              url: "${{ params.url }}"
              auth: { oauth: HaloPSA }
        output: ${{ nodes.call.output.body }}
        """;

    private readonly ServerFactory factory = new();
    private readonly TokenProvider provider = new();

    public void Dispose()
    {
        factory.Dispose();
        provider.Dispose();
    }

    [Fact]
    public async Task Create_ClientCredentials_AnswersWithoutSecretsAndListsIt()
    {
        using var admin = factory.Client();

        using var created = await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()));
        var body = await created.Content.ReadAsStringAsync();
        using var duplicate = await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()));
        var list = await (await admin.GetAsync("/api/v1/oauth/connections")).ReadObjectAsync();
        var one = await (await admin.GetAsync("/api/v1/oauth/connections/HaloPSA")).ReadObjectAsync();

        Assert.Equal(201, (int)created.StatusCode);
        Assert.DoesNotContain(ClientSecret, body, StringComparison.Ordinal);
        Assert.True(JsonNode.Parse(body)!["has_client_secret"]!.GetValue<bool>());
        Assert.Equal("client_credentials", one["grant_type"]!.GetValue<string>());
        Assert.Equal("read write", one["scopes"]!.GetValue<string>());
        Assert.Equal(
            "OAuth connection 'HaloPSA' already exists; delete it first to replace it",
            Envelope.Message(await Envelope.AssertErrorAsync(duplicate, 409, "CONFLICT")));
        Assert.Single(list["connections"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"name":"Halo PSA","client_id":"c","client_secret":"s","token_url":"https://x/t"}""", "'Halo PSA' is not a connection name: use 1 to 64 characters of A-Z, a-z, 0-9, '_', '-' and '.', starting with a letter or digit")]
    [InlineData("""{"name":"HaloPSA","client_id":"c","token_url":"https://x/t"}""", "Field 'client_secret' is required for the client_credentials grant")]
    [InlineData("""{"name":"HaloPSA","client_id":"c","client_secret":"s"}""", "Field 'token_url' is required: the provider's token endpoint")]
    [InlineData("""{"name":"HaloPSA","client_id":"c","client_secret":"s","token_url":"ftp://x/t"}""", "Field 'token_url' must be an absolute http or https URL, not 'ftp://x/t'")]
    [InlineData("""{"name":"HaloPSA","grant_type":"authorization_code","client_id":"c","token_url":"https://x/t"}""", "Field 'authorize_url' is required for the authorization_code grant")]
    [InlineData("""{"name":"HaloPSA","grant_type":"password","client_id":"c","client_secret":"s","token_url":"https://x/t"}""", "Field 'grant_type' must be client_credentials or authorization_code, not 'password'")]
    [InlineData("""{"name":"HaloPSA","client_id":"c","client_secret":"s","token_url":"https://x/t","secret":"s"}""", "Unknown field 'secret': a connection has name, grant_type, client_id, client_secret, token_url, authorize_url, scopes, redirect_uri")]
    public async Task Create_BadBody_Answers422NamingTheProblem(string body, string message)
    {
        using var admin = factory.Client();

        using var response = await admin.PostAsync("/api/v1/oauth/connections", Api.Json(body));

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }

    [Fact]
    public async Task Roles_ViewerSeesOnlyAdminChangesOtherOrgGets404()
    {
        await factory.CreateOrgAsync("acme");
        await factory.CreateOrgAsync("beta");
        using var viewer = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Viewer));
        using var admin = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));
        using var other = factory.Client(await factory.CreateKeyAsync("beta", ApiKeyRole.Admin));

        using var viewerCreate = await viewer.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()));
        using var adminCreate = await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()));
        using var viewerGet = await viewer.GetAsync("/api/v1/oauth/connections/HaloPSA");
        using var viewerDelete = await viewer.DeleteAsync("/api/v1/oauth/connections/HaloPSA");
        using var otherGet = await other.GetAsync("/api/v1/oauth/connections/HaloPSA");
        using var otherDelete = await other.DeleteAsync("/api/v1/oauth/connections/HaloPSA");
        using var adminDelete = await admin.DeleteAsync("/api/v1/oauth/connections/HaloPSA");

        await Envelope.AssertErrorAsync(viewerCreate, 403, "FORBIDDEN");
        Assert.Equal(201, (int)adminCreate.StatusCode);
        Assert.Equal(200, (int)viewerGet.StatusCode);
        await Envelope.AssertErrorAsync(viewerDelete, 403, "FORBIDDEN");
        Assert.Equal(
            "OAuth connection 'HaloPSA' not found for organization",
            Envelope.Message(await Envelope.AssertErrorAsync(otherGet, 404, "NOT_FOUND")));
        await Envelope.AssertErrorAsync(otherDelete, 404, "NOT_FOUND");
        Assert.Equal(204, (int)adminDelete.StatusCode);
    }

    [Fact]
    public async Task Run_ClientCredentials_FetchesATokenOnceAndSendsItAsBearer()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()))).EnsureSuccessStatusCode();
        await admin.DeployAsync(CallsApi);

        var first = await admin.RunAsync("calls_api", Url());
        var second = await admin.RunAsync("calls_api", Url());

        Assert.Equal("succeeded", first.Status());
        // The API echoes the token back; the run records it masked, like a secret.
        Assert.Equal("***", first["output"]!["token"]!.GetValue<string>());
        Assert.Equal("***", second["output"]!["token"]!.GetValue<string>());
        var request = Assert.Single(provider.TokenRequests);
        Assert.Equal("client_credentials", request.Form["grant_type"]);
        Assert.Equal("client-1", request.Form["client_id"]);
        Assert.Equal(ClientSecret, request.Form["client_secret"]);
        Assert.Equal("read write", request.Form["scope"]);
        Assert.Equal(["Bearer tok-1", "Bearer tok-1"], provider.ApiRequests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Run_TokenRejectedWith401_RefreshesOnceAndRetries()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()))).EnsureSuccessStatusCode();
        await admin.DeployAsync(CallsApi);
        await admin.RunAsync("calls_api", Url());
        provider.Revoke("tok-1");

        var run = await admin.RunAsync("calls_api", Url());

        Assert.Equal("succeeded", run.Status());
        Assert.Equal("***", run["output"]!["token"]!.GetValue<string>());
        Assert.Equal("Bearer tok-2", provider.ApiRequests[^1].Headers["Authorization"]);
        Assert.Equal(["client_credentials", "refresh_token"], provider.TokenRequests.Select(r => r.Form["grant_type"]));
        Assert.Equal("ref-1", provider.TokenRequests[1].Form["refresh_token"]);
        Assert.Equal(
            ["Bearer tok-1", "Bearer tok-1", "Bearer tok-2"],
            provider.ApiRequests.Select(r => r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Run_StillRejectedAfterTheRefresh_FailsWith401WithoutAThirdTry()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()))).EnsureSuccessStatusCode();
        await admin.DeployAsync(CallsApi);
        provider.Revoke("tok-1");
        provider.Revoke("tok-2");

        var run = await admin.RunAsync("calls_api", Url());
        var detail = await admin.GetRunAsync(run.Id());

        Assert.Equal("failed", run.Status());
        Assert.StartsWith($"GET {provider.ApiUrl} returned 401", detail.Step("call")!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, provider.ApiRequests.Count);
        Assert.Equal(2, provider.TokenRequests.Count);
    }

    [Fact]
    public async Task Run_MissingConnection_FailsWithTheOrganizationMessage()
    {
        using var admin = factory.Client();
        await admin.DeployAsync(CallsApi);

        var run = await admin.RunAsync("calls_api", Url());
        var detail = await admin.GetRunAsync(run.Id());

        Assert.Equal("failed", run.Status());
        Assert.Equal("OAuth connection 'HaloPSA' not found for organization", detail.Step("call")!["error"]!.GetValue<string>());
        Assert.Empty(provider.ApiRequests);
    }

    [Fact]
    public async Task AuthorizationCode_AuthorizeThenCallback_StoresEncryptedTokensThatRunsUse()
    {
        using var admin = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        admin.DefaultRequestHeaders.Add("X-API-Key", ServerFactory.AdminKey);
        using var browser = factory.Client(key: null);
        var body = $$"""
            {"name":"HaloPSA","client_id":"client-1","client_secret":"{{ClientSecret}}","token_url":"{{provider.TokenUrl}}",
             "authorize_url":"https://halo.example/auth/authorize?tenant=t1","scopes":["all"]}
            """;
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(body))).EnsureSuccessStatusCode();
        var before = await (await admin.GetAsync("/api/v1/oauth/connections/HaloPSA")).ReadObjectAsync();

        using var asJson = new HttpRequestMessage(HttpMethod.Get, "/api/v1/oauth/connections/HaloPSA/authorize");
        asJson.Headers.Accept.ParseAdd("application/json");
        using var authorizeJson = await admin.SendAsync(asJson);
        var jsonUrl = (await authorizeJson.ReadObjectAsync())["authorize_url"]!.GetValue<string>();
        using var authorize = await admin.GetAsync("/api/v1/oauth/connections/HaloPSA/authorize");
        var location = authorize.Headers.Location!;
        var query = Query(location);
        var pending = await (await admin.GetAsync("/api/v1/oauth/connections/HaloPSA")).ReadObjectAsync();
        using var callback = await browser.GetAsync($"/api/v1/oauth/callback?code=the-code&state={Uri.EscapeDataString(query["state"])}");
        var authorized = await callback.ReadObjectAsync();
        using var replay = await browser.GetAsync($"/api/v1/oauth/callback?code=the-code&state={Uri.EscapeDataString(query["state"])}");

        Assert.Equal("not_authorized", before["status"]!.GetValue<string>());
        Assert.Equal(302, (int)authorize.StatusCode);
        Assert.Equal(200, (int)authorizeJson.StatusCode);
        Assert.StartsWith("https://halo.example/auth/authorize?tenant=t1&response_type=code&", jsonUrl, StringComparison.Ordinal);
        Assert.NotEqual(Query(new Uri(jsonUrl))["state"], query["state"]);
        Assert.StartsWith("https://halo.example/auth/authorize?tenant=t1&response_type=code&", location.ToString(), StringComparison.Ordinal);
        Assert.Equal("client-1", query["client_id"]);
        Assert.Equal("all", query["scope"]);
        Assert.Equal("http://localhost/api/v1/oauth/callback", query["redirect_uri"]);
        Assert.Equal("pending", pending["status"]!.GetValue<string>());
        Assert.Equal(200, (int)callback.StatusCode);
        Assert.Equal("authorized", authorized["status"]!.GetValue<string>());
        Assert.True(authorized["has_refresh_token"]!.GetValue<bool>());
        var exchange = Assert.Single(provider.TokenRequests);
        Assert.Equal("authorization_code", exchange.Form["grant_type"]);
        Assert.Equal("the-code", exchange.Form["code"]);
        Assert.Equal("http://localhost/api/v1/oauth/callback", exchange.Form["redirect_uri"]);
        Assert.Equal(
            "Unknown or expired OAuth state: start the authorization again",
            Envelope.Message(await Envelope.AssertErrorAsync(replay, 400, "BAD_REQUEST")));

        await admin.DeployAsync(CallsApi);
        var run = await admin.RunAsync("calls_api", Url());
        Assert.Equal("***", run["output"]!["token"]!.GetValue<string>());
        Assert.Equal("Bearer tok-1", provider.ApiRequests[^1].Headers["Authorization"]);
        Assert.Single(provider.TokenRequests);
        var stored = await RawOAuthColumnsAsync();
        Assert.DoesNotContain("tok-1", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("ref-1", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("state=nope&code=c", "Unknown or expired OAuth state: start the authorization again")]
    [InlineData("code=c", "Query parameter 'state' is required: start at /api/v1/oauth/connections/{name}/authorize")]
    public async Task Callback_BadState_Answers400(string query, string message)
    {
        using var browser = factory.Client(key: null);

        using var response = await browser.GetAsync($"/api/v1/oauth/callback?{query}");

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST")));
    }

    [Fact]
    public async Task Authorize_ClientCredentialsConnection_Answers422()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()))).EnsureSuccessStatusCode();

        using var response = await admin.GetAsync("/api/v1/oauth/connections/HaloPSA/authorize");

        Assert.Equal(
            "OAuth connection 'HaloPSA' uses the client_credentials grant: its tokens come without a browser authorization",
            Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }

    [Fact]
    public async Task Refresh_ValidToken_IsReplacedNowAndAudited()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()))).EnsureSuccessStatusCode();
        await admin.DeployAsync(CallsApi);
        await admin.RunAsync("calls_api", Url());

        using var refreshed = await admin.PostAsync("/api/v1/oauth/connections/HaloPSA/refresh", null);
        var run = await admin.RunAsync("calls_api", Url());
        var audit = await (await admin.GetAsync("/api/v1/audit?action=oauth_connection.refresh")).ReadObjectAsync();

        Assert.Equal(200, (int)refreshed.StatusCode);
        Assert.Equal("authorized", (await refreshed.ReadObjectAsync())["status"]!.GetValue<string>());
        Assert.Equal(["client_credentials", "refresh_token"], provider.TokenRequests.Select(r => r.Form["grant_type"]));
        Assert.Equal("ref-1", provider.TokenRequests[1].Form["refresh_token"]);
        Assert.Equal("succeeded", run.Status());
        Assert.Equal("Bearer tok-2", provider.ApiRequests[^1].Headers["Authorization"]);
        Assert.Equal("HaloPSA", Assert.Single(audit["items"]!.AsArray())!["resource_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Refresh_ProviderRefuses_Answers502WithTheSeedsExpiredMessage()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(ClientCredentialsBody()))).EnsureSuccessStatusCode();
        await admin.DeployAsync(CallsApi);
        await admin.RunAsync("calls_api", Url());
        provider.RefuseAll = true;

        using var refused = await admin.PostAsync("/api/v1/oauth/connections/HaloPSA/refresh", null);
        using var missing = await admin.PostAsync("/api/v1/oauth/connections/Nope/refresh", null);
        var stillWorks = await admin.RunAsync("calls_api", Url());

        var message = Envelope.Message(await Envelope.AssertErrorAsync(refused, 502, "OAUTH_REFRESH_FAILED"));
        Assert.StartsWith("OAuth token expired for provider 'HaloPSA': ", message, StringComparison.Ordinal);
        Assert.Contains("the token endpoint returned 400 (invalid_client)", message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, message, StringComparison.Ordinal);
        await Envelope.AssertErrorAsync(missing, 404, "NOT_FOUND");
        Assert.Equal("succeeded", stillWorks.Status());
        Assert.Equal("Bearer tok-1", provider.ApiRequests[^1].Headers["Authorization"]);
    }

    [Fact]
    public async Task Run_ExpiredTokenWhoseRefreshFails_FailsWithTheSeedsExpiredMessage()
    {
        using var admin = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        admin.DefaultRequestHeaders.Add("X-API-Key", ServerFactory.AdminKey);
        using var browser = factory.Client(key: null);
        var body = $$"""
            {"name":"HaloPSA","grant_type":"authorization_code","client_id":"client-1","token_url":"{{provider.TokenUrl}}",
             "authorize_url":"https://halo.example/auth/authorize"}
            """;
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(body))).EnsureSuccessStatusCode();
        using var never = await admin.PostAsync("/api/v1/oauth/connections/HaloPSA/refresh", null);
        using var authorize = await admin.GetAsync("/api/v1/oauth/connections/HaloPSA/authorize");
        var state = Query(authorize.Headers.Location!)["state"];
        (await browser.GetAsync($"/api/v1/oauth/callback?code=c&state={Uri.EscapeDataString(state)}")).EnsureSuccessStatusCode();
        await admin.DeployAsync(CallsApi);
        provider.Revoke("tok-1");
        provider.RefuseRefresh = true;

        var run = await admin.RunAsync("calls_api", Url());
        var detail = await admin.GetRunAsync(run.Id());

        Assert.StartsWith(
            "OAuth connection 'HaloPSA' is not authorized yet",
            Envelope.Message(await Envelope.AssertErrorAsync(never, 422, "VALIDATION_ERROR")),
            StringComparison.Ordinal);
        Assert.Equal("failed", run.Status());
        Assert.Equal(
            "OAuth token expired for provider 'HaloPSA': OAuth token request (refresh_token) of connection 'HaloPSA' failed: "
            + "the token endpoint returned 400 (invalid_grant: refresh token revoked); authorize it again at /api/v1/oauth/connections/HaloPSA/authorize",
            detail.Step("call")!["error"]!.GetValue<string>());
    }

    private string ClientCredentialsBody() => $$"""
        {"name":"HaloPSA","client_id":"client-1","client_secret":"{{ClientSecret}}","token_url":"{{provider.TokenUrl}}","scopes":"read write"}
        """;

    private string Url() => $$"""{"url":"{{provider.ApiUrl}}"}""";

    private static Dictionary<string, string> Query(Uri uri) =>
        uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]), StringComparer.Ordinal);

    private async Task<string> RawOAuthColumnsAsync()
    {
        var path = Path.Combine(factory.DataFolder, "stepwise.db");
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT client_secret, access_token, refresh_token FROM oauth_connections";
        await using var reader = await select.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var column = 0; column < 3; column++)
            {
                Assert.False(reader.IsDBNull(column));
                text.Append(Encoding.UTF8.GetString((byte[])reader.GetValue(column)));
            }
        }

        return text.ToString();
    }
}
