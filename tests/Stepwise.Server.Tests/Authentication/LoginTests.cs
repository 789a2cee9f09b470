using System.Net;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Server.Auth.Jwt;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Authentication;

/// <summary>Password login, refresh-token rotation, logout and lockout, on the zero-setup signing key.</summary>
public sealed class LoginTests : IDisposable
{
    private const string Password = "correct horse battery";
    private static readonly DateTimeOffset Start = new(2026, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider time = new(Start);
    private readonly ServerFactory server;

    public LoginTests() => server = new ServerFactory().WithTime(time);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task Login_RightPassword_IssuesAnAccessTokenThatActsWithTheUsersRole()
    {
        var userId = await server.CreateUserAsync("alice", Password, role: ApiKeyRole.Operator);

        var tokens = await server.SignInAsync("Alice", Password);
        Assert.Equal(("Bearer", 900, "default", "operator", userId), (tokens.Text("token_type"), tokens["expires_in"]!.GetValue<int>(), tokens.Text("org_id"), tokens.Text("role"), tokens.Text("user_id")));
        Assert.StartsWith("swr_", tokens.Text("refresh_token"), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(server.DataFolder, JwtSigningKey.FileName)));

        using var client = server.BearerClient(tokens.Text("access_token"));
        using (var list = await client.GetAsync("/api/v1/workflows"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using (var deploy = await client.PostAsync("/api/v1/workflows", Api.Yaml("name: x")))
        {
            await Envelope.AssertErrorAsync(deploy, 403, "FORBIDDEN");
        }

        time.Advance(TimeSpan.FromMinutes(17));
        using var expired = await client.GetAsync("/api/v1/workflows");
        await Envelope.AssertErrorAsync(expired, 401, "AUTH002");
    }

    [Theory]
    [InlineData("alice", "wrong password")]
    [InlineData("nobody", Password)]
    public async Task Login_WrongUsernameOrPassword_Returns401WithoutSayingWhich(string username, string password)
    {
        await server.CreateUserAsync("alice", Password);
        using var response = await server.LoginAsync(username, password);
        Assert.Equal("Invalid username or password", Envelope.Message(await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED")));
    }

    [Theory]
    [InlineData("""{"password":"x"}""", "'username'")]
    [InlineData("""{"username":"alice"}""", "'password'")]
    [InlineData("""{"username":"al ice","password":"x"}""", "'username' must be")]
    [InlineData("""{"username":"alice","password":"x","org":"Not An Org"}""", "not an organization id")]
    [InlineData("""[1]""", "JSON object")]
    public async Task Login_BadBody_Returns400NamingTheProblem(string body, string expected)
    {
        await server.StartAsync();
        using var client = server.CreateClient();
        using var response = await client.PostAsync("/auth/login", Api.Json(body));
        Assert.Contains(expected, Envelope.Message(await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksTheAccountForTheLockout()
    {
        await server.CreateUserAsync("alice", Password);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var wrong = await server.LoginAsync("alice", "wrong password");
            await Envelope.AssertErrorAsync(wrong, 401, "UNAUTHORIZED");
        }

        using (var locked = await server.LoginAsync("alice", Password))
        {
            // Issue 21: the same answer as an unknown user, so a lockout does not reveal that the username exists.
            var message = Envelope.Message(await Envelope.AssertErrorAsync(locked, 401, "UNAUTHORIZED"));
            Assert.Equal("Invalid username or password", message);
            using var unknown = await server.LoginAsync("nobody-here", Password);
            Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(unknown, 401, "UNAUTHORIZED")));
        }

        time.Advance(TimeSpan.FromMinutes(14));
        using (var stillLocked = await server.LoginAsync("alice", Password))
        {
            await Envelope.AssertErrorAsync(stillLocked, 401, "UNAUTHORIZED");
        }

        time.Advance(TimeSpan.FromMinutes(1));
        using var unlocked = await server.LoginAsync("alice", Password);
        Assert.Equal(HttpStatusCode.OK, unlocked.StatusCode);
    }

    [Fact]
    public async Task Login_FewerFailuresThanTheLimit_AreForgottenAfterASuccess()
    {
        server.With(JwtOptions.MaxLoginFailuresKey, "3");
        await server.CreateUserAsync("alice", Password);
        for (var round = 0; round < 3; round++)
        {
            for (var attempt = 0; attempt < 2; attempt++)
            {
                using var wrong = await server.LoginAsync("alice", "wrong password");
                await Envelope.AssertErrorAsync(wrong, 401, "UNAUTHORIZED");
            }

            using var right = await server.LoginAsync("alice", Password);
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
    }

    [Fact]
    public async Task Refresh_RotatesTheToken_AndAReusedTokenEndsEverySession()
    {
        await server.CreateUserAsync("alice", Password);
        var first = await server.SignInAsync("alice", Password);

        using var refreshed = await server.PostTokenAsync("/auth/refresh", first.Text("refresh_token"));
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var second = await refreshed.ReadObjectAsync();
        Assert.NotEqual(first.Text("refresh_token"), second.Text("refresh_token"));
        using (var client = server.BearerClient(second.Text("access_token")))
        using (var list = await client.GetAsync("/api/v1/workflows"))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        // The first token was rotated away: presenting it again is a replay, and revokes the second one too.
        using (var replay = await server.PostTokenAsync("/auth/refresh", first.Text("refresh_token")))
        {
            Assert.Equal("Invalid refresh token", Envelope.Message(await Envelope.AssertErrorAsync(replay, 401, "UNAUTHORIZED")));
        }

        using var revoked = await server.PostTokenAsync("/auth/refresh", second.Text("refresh_token"));
        await Envelope.AssertErrorAsync(revoked, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Refresh_ExpiredOrUnknownToken_Returns401()
    {
        await server.CreateUserAsync("alice", Password);
        var tokens = await server.SignInAsync("alice", Password);
        using (var unknown = await server.PostTokenAsync("/auth/refresh", "swr_not-a-real-token"))
        {
            await Envelope.AssertErrorAsync(unknown, 401, "UNAUTHORIZED");
        }

        time.Advance(TimeSpan.FromDays(31));
        using var expired = await server.PostTokenAsync("/auth/refresh", tokens.Text("refresh_token"));
        await Envelope.AssertErrorAsync(expired, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Logout_RevokesTheRefreshToken()
    {
        await server.CreateUserAsync("alice", Password);
        var tokens = await server.SignInAsync("alice", Password);

        using (var logout = await server.PostTokenAsync("/auth/logout", tokens.Text("refresh_token")))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var refresh = await server.PostTokenAsync("/auth/refresh", tokens.Text("refresh_token"));
        await Envelope.AssertErrorAsync(refresh, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Login_DisabledUser_Returns401()
    {
        var id = await server.CreateUserAsync("alice", Password);
        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<IUserStore>(server.Services).SetDisabledAsync(id, true);

        using var response = await server.LoginAsync("alice", Password);
        await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED");
    }

    [Fact]
    public async Task Request_TokenOfAUserDisabledSince_Returns401()
    {
        var id = await server.CreateUserAsync("alice", Password);
        var tokens = await server.SignInAsync("alice", Password);
        using var client = server.BearerClient(tokens.Text("access_token"));
        using (var before = await client.GetAsync("/api/v1/workflows"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<IUserStore>(server.Services).SetDisabledAsync(id, true);

        using var after = await client.GetAsync("/api/v1/workflows");
        Assert.Equal("This user is disabled", Envelope.Message(await Envelope.AssertErrorAsync(after, 401, "UNAUTHORIZED")));
    }

    [Fact]
    public async Task Login_JwksOnlyServer_ReturnsAuth008()
    {
        using var jwksOnly = new ServerFactory().WithTime(time).With(JwtOptions.JwksUrlKey, "http://127.0.0.1:9/jwks.json");
        await jwksOnly.CreateUserAsync("alice", Password);
        using var response = await jwksOnly.LoginAsync("alice", Password);
        await Envelope.AssertErrorAsync(response, 500, "AUTH008");
    }
}
