using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private static ApiKeyRecord Key(string id, string org, string hash, ApiKeyRole role = ApiKeyRole.Viewer) =>
        new(id, org, "ci", role, false, hash, "sw_abc…", Start, null);

    [PostgresFact]
    public async Task Organizations_CreateEnsureDeactivate_AreDurable()
    {
        await using (var storage = await OpenStoreAsync())
        {
            await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
            Assert.False(await storage.Organizations.EnsureAsync(new OrganizationRecord("acme", "Other", true, Start)));
            Assert.True(await storage.Organizations.EnsureAsync(new OrganizationRecord("beta", "Beta", true, Start)));
            Assert.True(await storage.Organizations.SetActiveAsync("beta", false));
            Assert.False(await storage.Organizations.SetActiveAsync("nobody", false));
            await Assert.ThrowsAsync<StorageConflictException>(
                () => storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Again", true, Start)));
        }

        var reopened = await OpenStoreAsync();
        Assert.Equal(
            [new OrganizationRecord("acme", "Acme", true, Start), new OrganizationRecord("beta", "Beta", false, Start)],
            await reopened.Organizations.ListAsync());
        Assert.Null(await reopened.Organizations.GetAsync("nobody"));
    }

    [PostgresFact]
    public async Task ApiKeys_FindByHashListRevoke_Work()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.ApiKeys.CreateAsync(Key("k1", "acme", "hash-1", ApiKeyRole.Admin));
        await storage.ApiKeys.CreateAsync(Key("k2", "acme", "hash-2"));

        Assert.Equal("k1", (await storage.ApiKeys.FindByHashAsync("hash-1"))?.Id);
        Assert.Equal(ApiKeyRole.Admin, (await storage.ApiKeys.GetAsync("k1"))?.Role);
        Assert.Null(await storage.ApiKeys.FindByHashAsync("hash-3"));
        Assert.Equal(["k1", "k2"], (await storage.ApiKeys.ListAsync("acme")).Select(k => k.Id));
        Assert.Empty(await storage.ApiKeys.ListAsync("other"));
        Assert.Equal(["k1", "k2"], (await storage.ApiKeys.ListAsync()).Select(k => k.Id));

        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(await storage.ApiKeys.RevokeAsync("k2", Time.GetUtcNow()));
        Assert.False(await storage.ApiKeys.RevokeAsync("k2", Time.GetUtcNow()));
        Assert.Equal(Start.AddMinutes(1), (await storage.ApiKeys.FindByHashAsync("hash-2"))?.RevokedAt);
    }

    [PostgresFact]
    public async Task ApiKeys_DuplicateHashOrUnknownOrganization_AreRefused()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.ApiKeys.CreateAsync(Key("k1", "acme", "same"));

        await Assert.ThrowsAsync<StorageConflictException>(() => storage.ApiKeys.CreateAsync(Key("k2", "acme", "same")));
        await Assert.ThrowsAsync<StorageNotFoundException>(() => storage.ApiKeys.CreateAsync(Key("k3", "ghost", "other")));
    }
}
