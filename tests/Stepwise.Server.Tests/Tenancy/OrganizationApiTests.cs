using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Tenancy;

public sealed class OrganizationApiTests : IDisposable
{
    private readonly ServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Create_ByPlatformAdmin_IsListedAuditedAndUsable()
    {
        using var admin = factory.Client();

        using var created = await admin.PostAsync("/api/v1/organizations", Api.Json("""{"id":"acme","name":"Acme Inc"}"""));
        var list = await (await admin.GetAsync("/api/v1/organizations")).ReadObjectAsync();
        using var inAcme = factory.Client(org: "acme");
        using var me = await inAcme.GetAsync("/api/v1/me");
        var audit = await (await inAcme.GetAsync("/api/v1/audit?action=org.create")).ReadObjectAsync();

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("/api/v1/organizations/acme", created.Headers.Location?.ToString());
        var body = await created.ReadObjectAsync();
        Assert.Equal(("acme", "Acme Inc", true), (body["id"]!.GetValue<string>(), body["name"]!.GetValue<string>(), body["is_active"]!.GetValue<bool>()));
        Assert.Equal(["acme", "default"], list["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
        Assert.Equal(200, (int)me.StatusCode);
        Assert.Equal("acme", audit["items"]!.AsArray().Single()!["resource_id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"id":"Bad Id"}""", "'Bad Id' is not an organization id: use 1 to 64 characters of a-z, 0-9, '-' and '_', starting with a letter or digit")]
    [InlineData("""{"name":"x"}""", "Field 'id' is required")]
    [InlineData("""{"id":"ok","region":"eu"}""", "Unknown field 'region': the body has id, name")]
    [InlineData("""{"id":7}""", "Field 'id' must be a string, not number")]
    public async Task Create_BadBody_Answers422NamingTheProblem(string body, string message)
    {
        using var admin = factory.Client();

        using var response = await admin.PostAsync("/api/v1/organizations", Api.Json(body));

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }

    [Fact]
    public async Task Create_Twice_Answers409()
    {
        using var admin = factory.Client();
        (await admin.PostAsync("/api/v1/organizations", Api.Json("""{"id":"acme"}"""))).EnsureSuccessStatusCode();

        using var again = await admin.PostAsync("/api/v1/organizations", Api.Json("""{"id":"acme"}"""));

        Assert.Equal("Organization 'acme' already exists", Envelope.Message(await Envelope.AssertErrorAsync(again, 409, "CONFLICT")));
    }

    [Fact]
    public async Task OrgAdmin_SeesOnlyItsOwnAndCannotCreateOrDeactivate()
    {
        await factory.CreateOrgAsync("acme");
        await factory.CreateOrgAsync("beta");
        using var acmeAdmin = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));
        using var acmeDeveloper = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Developer));

        var list = await (await acmeAdmin.GetAsync("/api/v1/organizations")).ReadObjectAsync();
        using var create = await acmeAdmin.PostAsync("/api/v1/organizations", Api.Json("""{"id":"gamma"}"""));
        using var deactivate = await acmeAdmin.PostAsync("/api/v1/organizations/beta/deactivate", null);
        using var deactivateOwn = await acmeAdmin.PostAsync("/api/v1/organizations/acme/deactivate", null);
        using var developerList = await acmeDeveloper.GetAsync("/api/v1/organizations");

        Assert.Equal(["acme"], list["items"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
        Assert.Equal(
            "Creating an organization needs a platform admin key; this credential is an admin of organization 'acme' only",
            Envelope.Message(await Envelope.AssertErrorAsync(create, 403, "FORBIDDEN")));
        Assert.Equal("Organization 'beta' not found", Envelope.Message(await Envelope.AssertErrorAsync(deactivate, 404, "NOT_FOUND")));
        Assert.Equal(
            "Deactivating an organization needs a platform admin key; this credential is an admin of organization 'acme' only",
            Envelope.Message(await Envelope.AssertErrorAsync(deactivateOwn, 403, "FORBIDDEN")));
        await Envelope.AssertErrorAsync(developerList, 403, "FORBIDDEN");
    }

    [Fact]
    public async Task Deactivate_ThenActivate_ItsKeysAreRefusedThenServed()
    {
        await factory.CreateOrgAsync("acme");
        using var admin = factory.Client();
        using var acme = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Viewer));

        using var deactivated = await admin.PostAsync("/api/v1/organizations/acme/deactivate", null);
        using var refused = await acme.GetAsync("/api/v1/workflows");
        using var activated = await admin.PostAsync("/api/v1/organizations/acme/activate", null);
        using var served = await acme.GetAsync("/api/v1/workflows");
        using var unknown = await admin.PostAsync("/api/v1/organizations/nope/deactivate", null);

        Assert.False((await deactivated.ReadObjectAsync())["is_active"]!.GetValue<bool>());
        Assert.Equal("Organization 'acme' is inactive", Envelope.Message(await Envelope.AssertErrorAsync(refused, 403, "FORBIDDEN")));
        Assert.True((await activated.ReadObjectAsync())["is_active"]!.GetValue<bool>());
        Assert.Equal(200, (int)served.StatusCode);
        Assert.Equal("Organization 'nope' not found", Envelope.Message(await Envelope.AssertErrorAsync(unknown, 404, "NOT_FOUND")));
    }

    [Fact]
    public async Task Deactivate_TheOrganizationOfTheCallingKey_Answers409()
    {
        using var admin = factory.Client();

        using var response = await admin.PostAsync("/api/v1/organizations/default/deactivate", null);

        Assert.StartsWith(
            "Organization 'default' holds the key making this request",
            Envelope.Message(await Envelope.AssertErrorAsync(response, 409, "CONFLICT")));
        Assert.Equal(200, (int)(await admin.GetAsync("/api/v1/workflows")).StatusCode);
    }
}
