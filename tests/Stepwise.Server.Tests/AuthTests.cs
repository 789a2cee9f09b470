using System.Net;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests;

public sealed class AuthTests : IClassFixture<ServerFactory>
{
    private const string Workflows = "/api/v1/workflows";
    private readonly ServerFactory factory;

    public AuthTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Request_NoKey_Returns401Auth005()
    {
        using var client = factory.Client(key: null);
        using var response = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(response, 401, "AUTH005");
        Assert.Equal("missing authentication token", Envelope.Message(error));
    }

    [Fact]
    public async Task Request_WrongKey_Returns401InvalidApiKey()
    {
        using var client = factory.Client(key: "not-a-key");
        using var response = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal("Invalid API key", Envelope.Message(error));
    }

    [Theory]
    [InlineData("X-API-Key", "{0}")]
    [InlineData("x-api-key", "  {0}  ")]
    [InlineData("Authorization", "Bearer {0}")]
    [InlineData("Authorization", "bearer   {0} ")]
    [InlineData("x-functions-key", "{0}")]
    [InlineData("X-Functions-Key", "{0}")]
    [InlineData("X-FUNCTIONS-KEY", " {0}")]
    public async Task Request_KeyInAnyAcceptedHeader_IsAccepted(string header, string format)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Workflows);
        request.Headers.TryAddWithoutValidation(header, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, ServerFactory.AdminKey));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Request_KeyInCodeQuery_IsAccepted()
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync($"{Workflows}?code={ServerFactory.AdminKey}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("x-functions-key", " ", "the x-functions-key header is empty")]
    [InlineData("X-API-Key", "  ", "the X-API-Key header is empty")]
    [InlineData("Authorization", "Bearer ", "the Authorization header has no key after 'Bearer'")]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz", "the Authorization header uses the 'Basic' scheme; send 'Bearer <key>'")]
    public async Task Request_EmptyOrWrongSchemeKey_Returns401WithReason(string header, string value, string reason)
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, Workflows);
        request.Headers.TryAddWithoutValidation(header, value);
        using var response = await client.SendAsync(request);
        var error = await Envelope.AssertErrorAsync(response, 401, "AUTH005");
        Assert.Equal("missing authentication token", Envelope.Message(error));
        Assert.Equal(reason, error["details"]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task Request_RevokedKey_Returns401InvalidApiKey()
    {
        var key = await factory.CreateKeyAsync("default", ApiKeyRole.Viewer);
        using var client = factory.Client(key);
        using (var before = await client.GetAsync(Workflows))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var store = (IApiKeyStore)factory.Services.GetService(typeof(IApiKeyStore))!;
        var record = await store.FindByHashAsync(ApiKeySecrets.Hash(key));
        await store.RevokeAsync(record!.Id, TimeProvider.System.GetUtcNow());
        using var after = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(after, 401, "UNAUTHORIZED");
        Assert.Equal("Invalid API key", Envelope.Message(error));
    }

    [Fact]
    public async Task PlatformAdmin_UnknownOrganization_Returns404()
    {
        using var client = factory.Client(org: "no-such-org");
        using var response = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(response, 404, "NOT_FOUND");
        Assert.Equal("Organization 'no-such-org' not found", Envelope.Message(error));
    }

    [Fact]
    public async Task PlatformAdmin_InactiveOrganization_Returns403()
    {
        await factory.CreateOrgAsync("sleepy", active: false);
        using var client = factory.Client(org: "sleepy");
        using var response = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Equal("Organization 'sleepy' is inactive", Envelope.Message(error));
    }

    [Fact]
    public async Task OrgKey_OwnOrganizationInactive_Returns403()
    {
        await factory.CreateOrgAsync("paused");
        var key = await factory.CreateKeyAsync("paused", ApiKeyRole.Admin);
        await factory.CreateOrgAsync("paused", active: false);
        using var client = factory.Client(key);
        using var response = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Equal("Organization 'paused' is inactive", Envelope.Message(error));
    }

    [Fact]
    public async Task OrgKey_OtherOrganizationHeader_Returns403()
    {
        await factory.CreateOrgAsync("team-a");
        await factory.CreateOrgAsync("team-b");
        var key = await factory.CreateKeyAsync("team-a", ApiKeyRole.Admin);
        using var client = factory.Client(key, org: "team-b");
        using var response = await client.GetAsync(Workflows);
        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Contains("cannot act for organization 'team-b'", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrgKey_OwnOrganizationHeader_IsAccepted()
    {
        await factory.CreateOrgAsync("team-c");
        var key = await factory.CreateKeyAsync("team-c", ApiKeyRole.Viewer);
        using var client = factory.Client(key, org: "team-c");
        using var response = await client.GetAsync(Workflows);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Organization_BadHeaderValue_Returns400()
    {
        using var client = factory.Client(org: "../etc");
        using var response = await client.GetAsync(Workflows);
        await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
    }

    [Fact]
    public async Task Viewer_Deploy_Returns403NamingTheRole()
    {
        var key = await factory.CreateKeyAsync("default", ApiKeyRole.Viewer);
        using var client = factory.Client(key);
        using var response = await client.PostAsync(Workflows, Api.Yaml(RepoPaths.ReadExample("greet.yaml")));
        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Equal("This needs the developer role; the API key has the viewer role", Envelope.Message(error));
    }

    [Fact]
    public async Task PlatformAdmin_ChosenOrganization_SeesOnlyItsWorkflows()
    {
        await factory.CreateOrgAsync("tenant-x");
        using var tenant = factory.Client(org: "tenant-x");
        await tenant.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        var tenantList = await (await tenant.GetAsync(Workflows)).ReadObjectAsync();
        Assert.Contains(tenantList["items"]!.AsArray(), item => item!["name"]!.GetValue<string>() == "greet");

        await factory.CreateOrgAsync("tenant-y");
        using var other = factory.Client(org: "tenant-y");
        var otherList = await (await other.GetAsync(Workflows)).ReadObjectAsync();
        Assert.Empty(otherList["items"]!.AsArray());
        using var missing = await other.GetAsync($"{Workflows}/greet");
        await Envelope.AssertErrorAsync(missing, 404, "NOT_FOUND");
    }
}
