using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Tenancy;

public sealed class UserApiTests : IDisposable
{
    private const string Password = "a-long-enough-password";

    private readonly ServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Create_ThenSignIn_WithTheRoleGiven_ListedWithoutPassword()
    {
        using var admin = factory.Client();

        using var created = await admin.PostAsync("/api/v1/users", Api.Json($$"""{"username":"Ada","password":"{{Password}}","role":"operator"}"""));
        var login = await factory.SignInAsync("ada", Password);
        var listText = await (await admin.GetAsync("/api/v1/users")).Content.ReadAsStringAsync();
        var audit = await (await admin.GetAsync("/api/v1/audit?action=user.create")).ReadObjectAsync();

        Assert.Equal(201, (int)created.StatusCode);
        var body = await created.ReadObjectAsync();
        Assert.Equal(("ada", "operator", false), (body["username"]!.GetValue<string>(), body["role"]!.GetValue<string>(), body["is_disabled"]!.GetValue<bool>()));
        Assert.Equal("operator", login.Text("role"));
        Assert.DoesNotContain(Password, listText, StringComparison.Ordinal);
        Assert.DoesNotContain("password", listText, StringComparison.Ordinal);
        Assert.Equal(["ada"], JsonNode.Parse(listText)!["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()));
        Assert.Equal(("ada", "operator"), (audit["items"]![0]!["resource_id"]!.GetValue<string>(), audit["items"]![0]!["detail"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"username":"ada","password":"short"}""", "The password must be 8 to 1024 characters")]
    [InlineData("""{"username":"a d a","password":"a-long-enough-password"}""", "'a d a' is not a username: use 1 to 64 characters of a-z, 0-9, '.', '_', '-' and '@'")]
    [InlineData("""{"username":"ada"}""", "Field 'password' is required")]
    [InlineData("""{"username":"ada","password":"a-long-enough-password","role":"boss"}""", "Field 'role' must be viewer, operator, developer or admin, not 'boss'")]
    public async Task Create_BadBody_Answers422NamingTheProblem(string body, string message)
    {
        using var admin = factory.Client();

        using var response = await admin.PostAsync("/api/v1/users", Api.Json(body));

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }

    [Fact]
    public async Task Create_TakenUsername_Answers409()
    {
        await factory.CreateUserAsync("ada", Password);
        using var admin = factory.Client();

        using var response = await admin.PostAsync("/api/v1/users", Api.Json($$"""{"username":"ada","password":"{{Password}}"}"""));

        Assert.Equal("Username 'ada' is taken", Envelope.Message(await Envelope.AssertErrorAsync(response, 409, "CONFLICT")));
    }

    [Fact]
    public async Task SetRole_SignsTheUserOut_AndTheNextLoginCarriesTheNewRole()
    {
        await factory.CreateUserAsync("ada", Password);
        var before = await factory.SignInAsync("ada", Password);
        using var admin = factory.Client();

        using var set = await admin.PutAsync("/api/v1/users/ada/role", Api.Json("""{"role":"developer"}"""));
        using var refresh = await factory.PostTokenAsync("/auth/refresh", before.Text("refresh_token"));
        var after = await factory.SignInAsync("ada", Password);

        Assert.Equal("developer", (await set.ReadObjectAsync())["role"]!.GetValue<string>());
        await Envelope.AssertErrorAsync(refresh, 401, "UNAUTHORIZED");
        Assert.Equal("developer", after.Text("role"));
    }

    [Fact]
    public async Task DisableEnableAndPassword_ChangeTheAccount()
    {
        await factory.CreateUserAsync("ada", Password);
        using var admin = factory.Client();

        using var disabled = await admin.PostAsync("/api/v1/users/ada/disable", null);
        using var refusedLogin = await factory.LoginAsync("ada", Password);
        using var enabled = await admin.PostAsync("/api/v1/users/ada/enable", null);
        using var reset = await admin.PostAsync("/api/v1/users/ada/password", Api.Json("""{"password":"another-long-password"}"""));
        using var oldPassword = await factory.LoginAsync("ada", Password);
        var newPassword = await factory.SignInAsync("ada", "another-long-password");

        Assert.True((await disabled.ReadObjectAsync())["is_disabled"]!.GetValue<bool>());
        await Envelope.AssertErrorAsync(refusedLogin, 401, "UNAUTHORIZED");
        Assert.False((await enabled.ReadObjectAsync())["is_disabled"]!.GetValue<bool>());
        Assert.Equal(200, (int)reset.StatusCode);
        await Envelope.AssertErrorAsync(oldPassword, 401, "UNAUTHORIZED");
        Assert.Equal("viewer", newPassword.Text("role"));
    }

    [Fact]
    public async Task OrgAdmin_SeesAndChangesOnlyItsMembers_AndNotSharedAccounts()
    {
        await factory.CreateOrgAsync("acme");
        await factory.CreateOrgAsync("beta");
        await factory.CreateUserAsync("bob", Password, org: "beta");
        var sharedId = await factory.CreateUserAsync("sam", Password, org: "acme");
        await factory.Services.GetRequiredService<IUserStore>().SetMembershipAsync(new UserMembership(sharedId, "beta", ApiKeyRole.Viewer));
        using var acme = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));
        using var acmeViewer = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Viewer));

        var list = await (await acme.GetAsync("/api/v1/users")).ReadObjectAsync();
        using var foreign = await acme.PutAsync("/api/v1/users/bob/role", Api.Json("""{"role":"admin"}"""));
        using var disableShared = await acme.PostAsync("/api/v1/users/sam/disable", null);
        using var setShared = await acme.PutAsync("/api/v1/users/sam/role", Api.Json("""{"role":"operator"}"""));
        using var viewerList = await acmeViewer.GetAsync("/api/v1/users");
        using var removed = await acme.DeleteAsync("/api/v1/users/sam");
        var afterRemove = await (await acme.GetAsync("/api/v1/users")).ReadObjectAsync();
        var betaMemberships = await factory.Services.GetRequiredService<IUserStore>().ListMembershipsAsync(sharedId);

        Assert.Equal(["sam"], list["items"]!.AsArray().Select(u => u!["username"]!.GetValue<string>()));
        Assert.Equal("User 'bob' not found in this organization", Envelope.Message(await Envelope.AssertErrorAsync(foreign, 404, "NOT_FOUND")));
        Assert.Equal(
            "Disabling user 'sam' needs a platform admin key: the account also belongs to other organizations",
            Envelope.Message(await Envelope.AssertErrorAsync(disableShared, 403, "FORBIDDEN")));
        Assert.Equal(200, (int)setShared.StatusCode);
        await Envelope.AssertErrorAsync(viewerList, 403, "FORBIDDEN");
        Assert.Equal(204, (int)removed.StatusCode);
        Assert.Empty(afterRemove["items"]!.AsArray());
        Assert.Equal(["beta"], betaMemberships.Select(m => m.OrgId));
    }

    [Fact]
    public async Task SignedInAdmin_CannotChangeOrDisableThemselves()
    {
        await factory.CreateUserAsync("root", Password, role: ApiKeyRole.Admin);
        var tokens = await factory.SignInAsync("root", Password);
        using var self = factory.BearerClient(tokens.Text("access_token"));

        using var role = await self.PutAsync("/api/v1/users/root/role", Api.Json("""{"role":"viewer"}"""));
        using var disable = await self.PostAsync("/api/v1/users/root/disable", null);
        using var remove = await self.DeleteAsync("/api/v1/users/root");

        Assert.Equal("You cannot change your own role; ask another admin", Envelope.Message(await Envelope.AssertErrorAsync(role, 409, "CONFLICT")));
        Assert.Equal("You cannot disable yourself; ask another admin", Envelope.Message(await Envelope.AssertErrorAsync(disable, 409, "CONFLICT")));
        await Envelope.AssertErrorAsync(remove, 409, "CONFLICT");
    }
}
