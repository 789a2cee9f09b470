using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Secrets;
using Stepwise.Server.Tests.OAuth;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

public sealed class SecretRotationTests : IDisposable
{
    private readonly ServerFactory factory = new();
    private readonly TokenProvider provider = new();

    public void Dispose()
    {
        factory.Dispose();
        provider.Dispose();
    }

    [Fact]
    public async Task Run_NewKey_ResealsSecretsAndOAuthValuesSoOnlyTheNewKeyIsNeeded()
    {
        using var admin = factory.Client();
        (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"rotate-me-please"}"""))).EnsureSuccessStatusCode();
        (await admin.PutAsync("/api/v1/secrets/other", Api.Json("""{"value":"second-value"}"""))).EnsureSuccessStatusCode();
        var connection = $$"""{"name":"HaloPSA","client_id":"c1","client_secret":"cs-1","token_url":"{{provider.TokenUrl}}"}""";
        (await admin.PostAsync("/api/v1/oauth/connections", Api.Json(connection))).EnsureSuccessStatusCode();
        await admin.DeployAsync("""
            name: calls_api
            params:
              - { name: url, type: string, required: true }
            nodes:
              - id: call
                type: http
                with: { url: "${{ params.url }}", auth: { oauth: HaloPSA } }
            """);
        await admin.RunAsync("calls_api", $$"""{"url":"{{provider.ApiUrl}}"}""");
        var secrets = factory.Services.GetRequiredService<ISecretStore>();
        var connections = factory.Services.GetRequiredService<IOAuthConnectionStore>();
        var oldRing = factory.Services.GetRequiredService<MasterKeyRing>();
        var newKey = MasterKey.Generate();
        var rotating = new SecretCipher(new MasterKeyRing(newKey, [oldRing.Current], "test"));

        var report = await new SecretRotation(secrets, connections, rotating).RunAsync();
        var again = await new SecretRotation(secrets, connections, rotating).RunAsync();

        Assert.Equal((newKey.Id, 5, 0), (report.KeyId, report.Resealed, report.AlreadyCurrent));
        Assert.Empty(report.Failures);
        Assert.Equal((0, 5), (again.Resealed, again.AlreadyCurrent));
        var onlyNew = new SecretCipher(new MasterKeyRing(newKey, [], "test"));
        var secret = await secrets.GetAsync("default", "api_key");
        Assert.Equal(newKey.Id, SecretCipher.KeyIdOf(secret!.SealedValue));
        Assert.Equal("rotate-me-please", onlyNew.Open(secret.SealedValue, SecretCipher.AssociatedData(SealPurposes.Secret, "default", "api_key")));
        var stored = await connections.GetAsync("default", "HaloPSA");
        Assert.Equal("cs-1", onlyNew.Open(stored!.ClientSecret!, SecretCipher.AssociatedData(SealPurposes.OAuthClientSecret, "default", "HaloPSA")));
        Assert.Equal("tok-1", onlyNew.Open(stored.AccessToken!, SecretCipher.AssociatedData(SealPurposes.OAuthAccessToken, "default", "HaloPSA")));
        Assert.Equal("ref-1", onlyNew.Open(stored.RefreshToken!, SecretCipher.AssociatedData(SealPurposes.OAuthRefreshToken, "default", "HaloPSA")));
    }

    [Fact]
    public async Task Run_ValueUnderAnUnknownKey_ReportsItAndLeavesItAlone()
    {
        using var admin = factory.Client();
        (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"rotate-me-please"}"""))).EnsureSuccessStatusCode();
        var secrets = factory.Services.GetRequiredService<ISecretStore>();
        var before = await secrets.GetAsync("default", "api_key");
        var stranger = new SecretCipher(new MasterKeyRing(MasterKey.Generate(), [], "STEPWISE_MASTER_KEY"));

        var report = await new SecretRotation(secrets, factory.Services.GetRequiredService<IOAuthConnectionStore>(), stranger).RunAsync();

        var failure = Assert.Single(report.Failures);
        Assert.Contains("secret 'api_key' of organization 'default' was sealed with master key", failure, StringComparison.Ordinal);
        Assert.Equal(before!.SealedValue, (await secrets.GetAsync("default", "api_key"))!.SealedValue);
    }
}
