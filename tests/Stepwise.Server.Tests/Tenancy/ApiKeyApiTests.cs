using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Tenancy;

public sealed class ApiKeyApiTests : IDisposable
{
    private readonly ServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Create_ShowsTheKeyOnce_TheKeyWorksWithItsRole_AndRevokeRefusesItAtOnce()
    {
        await factory.CreateOrgAsync("acme");
        using var admin = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));

        using var created = await admin.PostAsync("/api/v1/api-keys", Api.Json("""{"name":"ci","role":"operator"}"""));
        var body = await created.ReadObjectAsync();
        var key = body["key"]!.GetValue<string>();
        var id = body["id"]!.GetValue<string>();
        using var withKey = factory.Client(key);
        var me = await (await withKey.GetAsync("/api/v1/me")).ReadObjectAsync();
        var listText = await (await admin.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        using var revoked = await admin.PostAsync($"/api/v1/api-keys/{id}/revoke", null);
        using var afterRevoke = await withKey.GetAsync("/api/v1/me");
        using var again = await admin.PostAsync($"/api/v1/api-keys/{id}/revoke", null);
        var audit = await (await admin.GetAsync($"/api/v1/audit?resource={id}")).ReadObjectAsync();

        Assert.Equal(201, (int)created.StatusCode);
        Assert.StartsWith("sw_", key);
        Assert.Equal(("ci", "operator", "acme"), (body["name"]!.GetValue<string>(), body["role"]!.GetValue<string>(), body["org_id"]!.GetValue<string>()));
        Assert.Equal(("acme", "operator"), (me["org_id"]!.GetValue<string>(), me["role"]!.GetValue<string>()));
        Assert.DoesNotContain(key, listText, StringComparison.Ordinal);
        var listed = JsonNode.Parse(listText)!["items"]!.AsArray().Single(k => k!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(key[..10] + "…", listed["prefix"]!.GetValue<string>());
        Assert.NotNull((await revoked.ReadObjectAsync())["revoked_at"]);
        Assert.Equal("Invalid API key", Envelope.Message(await Envelope.AssertErrorAsync(afterRevoke, 401, "UNAUTHORIZED")));
        Assert.Equal($"API key '{id}' was already revoked", Envelope.Message(await Envelope.AssertErrorAsync(again, 409, "CONFLICT")));
        Assert.Equal(["key.revoke", "key.create"], audit["items"]!.AsArray().Select(e => e!["action"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Keys_AreScopedToTheOrganization_AndNeedTheAdminRole()
    {
        await factory.CreateOrgAsync("acme");
        await factory.CreateOrgAsync("beta");
        using var acme = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));
        using var beta = factory.Client(await factory.CreateKeyAsync("beta", ApiKeyRole.Admin));
        using var developer = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Developer));
        var betaKey = await (await beta.PostAsync("/api/v1/api-keys", Api.Json("""{"role":"viewer"}"""))).ReadObjectAsync();

        var acmeList = await (await acme.GetAsync("/api/v1/api-keys")).ReadObjectAsync();
        using var crossRevoke = await acme.PostAsync($"/api/v1/api-keys/{betaKey["id"]!.GetValue<string>()}/revoke", null);
        using var developerList = await developer.GetAsync("/api/v1/api-keys");
        using var developerCreate = await developer.PostAsync("/api/v1/api-keys", Api.Json("""{"role":"admin"}"""));

        Assert.All(acmeList["items"]!.AsArray(), k => Assert.Equal("acme", k!["org_id"]!.GetValue<string>()));
        Assert.Equal("viewer", betaKey["name"]!.GetValue<string>());
        await Envelope.AssertErrorAsync(crossRevoke, 404, "NOT_FOUND");
        await Envelope.AssertErrorAsync(developerList, 403, "FORBIDDEN");
        await Envelope.AssertErrorAsync(developerCreate, 403, "FORBIDDEN");
    }

    [Fact]
    public async Task PlatformAdminKeys_OnlyPlatformAdminsMakeOrRevokeThem_AndNobodyRevokesTheirOwnKey()
    {
        using var platform = factory.Client();
        using var orgAdmin = factory.Client(await factory.CreateKeyAsync("default", ApiKeyRole.Admin));

        using var byOrgAdmin = await orgAdmin.PostAsync("/api/v1/api-keys", Api.Json("""{"role":"admin","platform_admin":true}"""));
        var made = await (await platform.PostAsync("/api/v1/api-keys", Api.Json("""{"role":"admin","platform_admin":true}"""))).ReadObjectAsync();
        using var revokeByOrgAdmin = await orgAdmin.PostAsync($"/api/v1/api-keys/{made["id"]!.GetValue<string>()}/revoke", null);
        var me = await (await platform.GetAsync("/api/v1/me")).ReadObjectAsync();
        using var revokeSelf = await platform.PostAsync($"/api/v1/api-keys/{me["id"]!.GetValue<string>()}/revoke", null);

        Assert.Equal(
            "Creating a platform admin key needs a platform admin key; this credential is an admin of organization 'default' only",
            Envelope.Message(await Envelope.AssertErrorAsync(byOrgAdmin, 403, "FORBIDDEN")));
        Assert.True(made["is_platform_admin"]!.GetValue<bool>());
        await Envelope.AssertErrorAsync(revokeByOrgAdmin, 403, "FORBIDDEN");
        Assert.EndsWith("is the key making this request; revoke it with another admin key",
            Envelope.Message(await Envelope.AssertErrorAsync(revokeSelf, 409, "CONFLICT")));
    }

    [Theory]
    [InlineData("""{}""", "Field 'role' is required")]
    [InlineData("""{"role":"root"}""", "Field 'role' must be viewer, operator, developer or admin, not 'root'")]
    [InlineData("""{"role":"viewer","platform_admin":true}""", "Field 'platform_admin' needs role admin")]
    [InlineData("""{"role":"viewer","platform_admin":"yes"}""", "Field 'platform_admin' must be true or false, not string")]
    [InlineData("""{"role":"viewer","scope":"x"}""", "Unknown field 'scope': the body has name, role, platform_admin")]
    public async Task Create_BadBody_Answers422NamingTheProblem(string body, string message)
    {
        using var admin = factory.Client();

        using var response = await admin.PostAsync("/api/v1/api-keys", Api.Json(body));

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }
}
