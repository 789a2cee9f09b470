using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private static OAuthConnectionRecord Connection(string org, string name) => new(
        org, name, "client_credentials", "client-1", [1, 2, 3], "https://auth.example/token", null, "read write", null,
        null, null, null, null, null, Start, Start);

    [PostgresFact]
    public async Task Secrets_PutReplaceListDelete_KeepCreationTimeAndAreDurable()
    {
        await using (var storage = await OpenStoreAsync())
        {
            await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
            await storage.Organizations.CreateAsync(new OrganizationRecord("beta", "Beta", true, Start));
            var created = await storage.Secrets.PutAsync("acme", "api_key", [1, 2, 3], Start);
            var replaced = await storage.Secrets.PutAsync("acme", "api_key", [4, 5], Start.AddMinutes(5));
            await storage.Secrets.PutAsync("acme", "another", [9], Start);
            await storage.Secrets.PutAsync("beta", "api_key", [7], Start);

            Assert.Equal((Start, Start), (created.CreatedAt, created.UpdatedAt));
            Assert.Equal((Start, Start.AddMinutes(5)), (replaced.CreatedAt, replaced.UpdatedAt));
            Assert.Equal([4, 5], replaced.SealedValue);
        }

        var reopened = await OpenStoreAsync();
        Assert.Equal(["another", "api_key"], (await reopened.Secrets.ListAsync("acme")).Select(s => s.Name));
        Assert.Equal([7], (await reopened.Secrets.GetAsync("beta", "api_key"))!.SealedValue);
        Assert.Equal(3, (await reopened.Secrets.ListAllAsync()).Count);
        Assert.True(await reopened.Secrets.DeleteAsync("acme", "api_key"));
        Assert.False(await reopened.Secrets.DeleteAsync("acme", "api_key"));
        Assert.Null(await reopened.Secrets.GetAsync("acme", "api_key"));
        Assert.NotNull(await reopened.Secrets.GetAsync("beta", "api_key"));
    }

    [PostgresFact]
    public async Task Secrets_Reseal_SwapsOnlyTheExpectedValueAndKeepsTheUpdateTime()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.Secrets.PutAsync("acme", "token", [1, 1], Start);

        Assert.False(await storage.Secrets.ResealAsync("acme", "token", [9, 9], [2, 2]));
        Assert.True(await storage.Secrets.ResealAsync("acme", "token", [1, 1], [2, 2]));
        Assert.False(await storage.Secrets.ResealAsync("acme", "gone", [1, 1], [2, 2]));

        var secret = await storage.Secrets.GetAsync("acme", "token");
        Assert.Equal([2, 2], secret!.SealedValue);
        Assert.Equal(Start, secret.UpdatedAt);
    }

    [PostgresFact]
    public async Task Config_PutReplaceListDelete_KeepsJsonValues()
    {
        await using (var storage = await OpenStoreAsync())
        {
            await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
            await storage.Config.PutAsync("acme", "api_endpoint", JsonValue.Create("https://api.example.com"), Start);
            await storage.Config.PutAsync("acme", "limits", JsonNode.Parse("""{"timeout":30,"flags":[true,null]}"""), Start);
            var replaced = await storage.Config.PutAsync("acme", "api_endpoint", JsonValue.Create(42), Start.AddHours(1));
            await storage.Config.PutAsync("acme", "nothing", null, Start);

            Assert.Equal((Start, Start.AddHours(1)), (replaced.CreatedAt, replaced.UpdatedAt));
        }

        var reopened = await OpenStoreAsync();
        var entries = await reopened.Config.ListAsync("acme");
        Assert.Equal(["api_endpoint", "limits", "nothing"], entries.Select(e => e.Key));
        Assert.Equal("42", entries[0].Value!.ToJsonString());
        Assert.Equal("""{"timeout":30,"flags":[true,null]}""", entries[1].Value!.ToJsonString());
        Assert.Null(entries[2].Value);
        Assert.Empty(await reopened.Config.ListAsync("other"));
        Assert.True(await reopened.Config.DeleteAsync("acme", "limits"));
        Assert.False(await reopened.Config.DeleteAsync("acme", "limits"));
        Assert.Null(await reopened.Config.GetAsync("acme", "limits"));
    }

    [PostgresFact]
    public async Task OAuthConnections_CreateTokensStateDelete_Work()
    {
        await using (var storage = await OpenStoreAsync())
        {
            await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
            await storage.Organizations.CreateAsync(new OrganizationRecord("beta", "Beta", true, Start));
            await storage.OAuthConnections.CreateAsync(Connection("acme", "HaloPSA"));
            await storage.OAuthConnections.CreateAsync(Connection("beta", "HaloPSA"));
            await Assert.ThrowsAsync<StorageConflictException>(() => storage.OAuthConnections.CreateAsync(Connection("acme", "HaloPSA")));

            Assert.True(await storage.OAuthConnections.SetStateAsync("acme", "HaloPSA", "state-hash", Start.AddMinutes(10)));
            Assert.False(await storage.OAuthConnections.SetStateAsync("acme", "nope", "other-hash", Start.AddMinutes(10)));
        }

        var reopened = await OpenStoreAsync();
        var pending = await reopened.OAuthConnections.FindByStateAsync("state-hash");
        Assert.Equal(("acme", "HaloPSA", Start.AddMinutes(10)), (pending!.OrgId, pending.Name, pending.StateExpiresAt));
        Assert.Null(await reopened.OAuthConnections.FindByStateAsync("unknown"));

        Assert.True(await reopened.OAuthConnections.SaveTokensAsync("acme", "HaloPSA", [5], [6], Start.AddHours(1), Start.AddSeconds(1)));
        var saved = await reopened.OAuthConnections.GetAsync("acme", "HaloPSA");
        Assert.Equal([5], saved!.AccessToken);
        Assert.Equal([6], saved.RefreshToken);
        Assert.Equal(Start.AddHours(1), saved.ExpiresAt);
        Assert.Equal(Start.AddSeconds(1), saved.UpdatedAt);
        Assert.Null(saved.StateHash);
        Assert.Null(await reopened.OAuthConnections.FindByStateAsync("state-hash"));
        Assert.Equal([1, 2, 3], saved.ClientSecret);
        Assert.Equal("read write", saved.Scopes);

        Assert.Single(await reopened.OAuthConnections.ListAsync("beta"));
        Assert.Equal(2, (await reopened.OAuthConnections.ListAllAsync()).Count);
        Assert.True(await reopened.OAuthConnections.DeleteAsync("beta", "HaloPSA"));
        Assert.False(await reopened.OAuthConnections.DeleteAsync("beta", "HaloPSA"));
        Assert.Empty(await reopened.OAuthConnections.ListAsync("beta"));
    }

    [PostgresFact]
    public async Task OAuthConnections_Reseal_RefusedAfterAConcurrentTokenSave()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.OAuthConnections.CreateAsync(Connection("acme", "HaloPSA"));
        var read = (await storage.OAuthConnections.GetAsync("acme", "HaloPSA"))!;

        Assert.True(await storage.OAuthConnections.ResealAsync(read, [8], null, null));
        Assert.True(await storage.OAuthConnections.SaveTokensAsync("acme", "HaloPSA", [5], null, null, Start.AddMinutes(1)));
        Assert.False(await storage.OAuthConnections.ResealAsync(read, [9], null, null));

        var stored = (await storage.OAuthConnections.GetAsync("acme", "HaloPSA"))!;
        Assert.Equal([8], stored.ClientSecret);
        Assert.Equal([5], stored.AccessToken);
    }
}
