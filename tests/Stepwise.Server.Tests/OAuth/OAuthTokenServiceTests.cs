using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Stepwise.Server.Hosting;
using Stepwise.Server.OAuth;
using Stepwise.Server.Secrets;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OAuth;

/// <summary>The token service on the server's real store, with its clock faked so expiry is tested without waiting.</summary>
public sealed class OAuthTokenServiceTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly ServerFactory factory = new();
    private readonly TokenProvider provider = new(expiresIn: 3600);
    private readonly FakeTimeProvider time = new(Start);

    public void Dispose()
    {
        factory.Dispose();
        provider.Dispose();
    }

    [Fact]
    public async Task GetToken_ExpiredToken_IsRefreshedBeforeUseWithTheRefreshToken()
    {
        using var tokens = await ServiceAsync();

        var first = await tokens.GetTokenAsync("default", "HaloPSA", null);
        time.Advance(TimeSpan.FromMinutes(30));
        var cached = await tokens.GetTokenAsync("default", "HaloPSA", null);
        time.Advance(TimeSpan.FromMinutes(30) - OAuthTokenService.ExpirySkew);
        var refreshed = await tokens.GetTokenAsync("default", "HaloPSA", null);
        var stored = await factory.Services.GetRequiredService<IOAuthConnectionStore>().GetAsync("default", "HaloPSA");

        Assert.Equal(("tok-1", "tok-1", "tok-2"), (first.AccessToken, cached.AccessToken, refreshed.AccessToken));
        Assert.Equal(["client_credentials", "refresh_token"], provider.TokenRequests.Select(r => r.Form["grant_type"]));
        Assert.Equal("ref-1", provider.TokenRequests[1].Form["refresh_token"]);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromHours(1), stored!.ExpiresAt);
    }

    [Fact]
    public async Task GetToken_RejectedToken_ReplacedOnceEvenBeforeExpiry()
    {
        using var tokens = await ServiceAsync();
        var first = await tokens.GetTokenAsync("default", "HaloPSA", null);

        var replaced = await tokens.GetTokenAsync("default", "HaloPSA", first.AccessToken);
        var afterAnotherCallerReplacedIt = await tokens.GetTokenAsync("default", "HaloPSA", first.AccessToken);

        Assert.Equal(("tok-2", "tok-2"), (replaced.AccessToken, afterAnotherCallerReplacedIt.AccessToken));
        Assert.Equal(2, provider.TokenRequests.Count);
    }

    [Fact]
    public async Task GetToken_ConcurrentCallersOfAnExpiredToken_ShareOneRefresh()
    {
        using var tokens = await ServiceAsync();
        await tokens.GetTokenAsync("default", "HaloPSA", null);
        time.Advance(TimeSpan.FromHours(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tokens.GetTokenAsync("default", "HaloPSA", null).AsTask()));

        Assert.All(results, result => Assert.Equal("tok-2", result.AccessToken));
        Assert.Equal(2, provider.TokenRequests.Count);
    }

    [Fact]
    public async Task GetToken_UnknownConnectionOrOtherOrganization_FailsWithTheOrganizationMessage()
    {
        using var tokens = await ServiceAsync();

        var missing = await tokens.GetTokenAsync("default", "Nope", null);
        var otherOrg = await tokens.GetTokenAsync("beta", "HaloPSA", null);

        Assert.Equal("OAuth connection 'Nope' not found for organization", missing.Error);
        Assert.Equal("OAuth connection 'HaloPSA' not found for organization", otherOrg.Error);
        Assert.Empty(provider.TokenRequests);
    }

    [Fact]
    public async Task GetToken_TokenEndpointRefuses_FailsNamingTheErrorCodeWithoutSecrets()
    {
        using var refusing = new LocalHttpServer(_ => (400, """{"error":"invalid_client","error_description":"bad secret"}"""));
        using var tokens = await ServiceAsync(refusing.Url("/token"));

        var result = await tokens.GetTokenAsync("default", "HaloPSA", null);

        Assert.Equal(
            "OAuth token request (client_credentials) of connection 'HaloPSA' failed: the token endpoint returned 400 (invalid_client: bad secret)",
            result.Error);
        Assert.False(result.Retryable);
    }

    private async Task<OAuthTokenService> ServiceAsync(string? tokenUrl = null)
    {
        using var admin = factory.Client();
        var body = $$"""
            {"name":"HaloPSA","client_id":"client-1","client_secret":"s3cret","token_url":"{{tokenUrl ?? provider.TokenUrl}}"}
            """;
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(body))).EnsureSuccessStatusCode();
        return new OAuthTokenService(
            factory.Services.GetRequiredService<StoreHost>(),
            factory.Services.GetRequiredService<SecretCipher>(),
            time,
            NullLoggerFactory.Instance,
            Stepwise.Core.Actions.Egress.EgressPolicy.Default);
    }
}
