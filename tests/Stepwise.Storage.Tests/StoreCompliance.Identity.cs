using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private static UserRecord User(string id, string username) => new(id, username, "hash-" + id, false, 0, null, Start);

    private static AuditRecord Audit(string id, string org, DateTimeOffset at, string action, string actor = "u1") =>
        new(id, org, at, "user", actor, action, "execution", "e-" + id, "success", "127.0.0.1", "req-" + id, null);

    [PostgresFact]
    public async Task Users_CreateFindUpdate_AreDurable()
    {
        await using (var storage = await OpenStoreAsync())
        {
            await storage.Users.CreateAsync(User("u1", "alice"));
            await storage.Users.CreateAsync(User("u2", "bob"));
            await Assert.ThrowsAsync<StorageConflictException>(() => storage.Users.CreateAsync(User("u3", "alice")));

            Assert.True(await storage.Users.SetLoginStateAsync("u1", 5, Start.AddMinutes(15)));
            Assert.True(await storage.Users.SetDisabledAsync("u2", true));
            Assert.False(await storage.Users.SetDisabledAsync("ghost", true));
        }

        var reopened = await OpenStoreAsync();
        Assert.Equal(new UserRecord("u1", "alice", "hash-u1", false, 5, Start.AddMinutes(15), Start),
            await reopened.Users.FindByUsernameAsync("alice"));
        Assert.True((await reopened.Users.GetAsync("u2"))?.IsDisabled);
        Assert.Null(await reopened.Users.FindByUsernameAsync("carol"));
        Assert.Equal(["alice", "bob"], (await reopened.Users.ListAsync()).Select(u => u.Username));

        Assert.True(await reopened.Users.SetPasswordAsync("u1", "new-hash"));
        var alice = await reopened.Users.GetAsync("u1");
        Assert.Equal(("new-hash", 0, (DateTimeOffset?)null), (alice?.PasswordHash, alice?.FailedLogins ?? -1, alice?.LockedUntil));
    }

    [PostgresFact]
    public async Task Users_Memberships_UpsertListRemove()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.Organizations.CreateAsync(new OrganizationRecord("beta", "Beta", true, Start));
        await storage.Users.CreateAsync(User("u1", "alice"));

        await storage.Users.SetMembershipAsync(new UserMembership("u1", "beta", ApiKeyRole.Viewer));
        await storage.Users.SetMembershipAsync(new UserMembership("u1", "acme", ApiKeyRole.Operator));
        await storage.Users.SetMembershipAsync(new UserMembership("u1", "acme", ApiKeyRole.Admin));
        await Assert.ThrowsAsync<StorageNotFoundException>(
            () => storage.Users.SetMembershipAsync(new UserMembership("u1", "ghost", ApiKeyRole.Admin)));

        Assert.Equal(
            [new UserMembership("u1", "acme", ApiKeyRole.Admin), new UserMembership("u1", "beta", ApiKeyRole.Viewer)],
            await storage.Users.ListMembershipsAsync("u1"));
        Assert.True(await storage.Users.RemoveMembershipAsync("u1", "beta"));
        Assert.False(await storage.Users.RemoveMembershipAsync("u1", "beta"));
        Assert.Single(await storage.Users.ListMembershipsAsync("u1"));
    }

    [PostgresFact]
    public async Task Users_ListMembers_OneOrganizationsUsersWithTheirRoleThere()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.Organizations.CreateAsync(new OrganizationRecord("beta", "Beta", true, Start));
        await storage.Users.CreateAsync(User("u1", "zoe"));
        await storage.Users.CreateAsync(User("u2", "alice"));
        await storage.Users.CreateAsync(User("u3", "bob"));
        await storage.Users.SetMembershipAsync(new UserMembership("u1", "acme", ApiKeyRole.Admin));
        await storage.Users.SetMembershipAsync(new UserMembership("u1", "beta", ApiKeyRole.Viewer));
        await storage.Users.SetMembershipAsync(new UserMembership("u2", "acme", ApiKeyRole.Operator));
        await storage.Users.SetMembershipAsync(new UserMembership("u3", "beta", ApiKeyRole.Developer));

        var acme = await storage.Users.ListMembersAsync("acme");
        var beta = await storage.Users.ListMembersAsync("beta");

        Assert.Equal([("alice", ApiKeyRole.Operator), ("zoe", ApiKeyRole.Admin)], acme.Select(m => (m.User.Username, m.Role)));
        Assert.Equal([("bob", ApiKeyRole.Developer), ("zoe", ApiKeyRole.Viewer)], beta.Select(m => (m.User.Username, m.Role)));
        Assert.Equal(User("u1", "zoe"), acme[1].User);
        Assert.Empty(await storage.Users.ListMembersAsync("ghost"));
    }

    [PostgresFact]
    public async Task RefreshTokens_CreateFindRevoke_RevokeOnlyOnce()
    {
        var storage = await OpenStoreAsync();
        await storage.Organizations.CreateAsync(new OrganizationRecord("acme", "Acme", true, Start));
        await storage.Users.CreateAsync(User("u1", "alice"));
        var token = new RefreshTokenRecord("r1", "u1", "acme", "th-1", Start, Start.AddDays(30), null);
        await storage.RefreshTokens.CreateAsync(token);
        await storage.RefreshTokens.CreateAsync(token with { Id = "r2", TokenHash = "th-2" });
        await Assert.ThrowsAsync<StorageNotFoundException>(
            () => storage.RefreshTokens.CreateAsync(token with { Id = "r3", TokenHash = "th-3", UserId = "ghost" }));

        Assert.Equal(token, await storage.RefreshTokens.FindByHashAsync("th-1"));
        Assert.True(await storage.RefreshTokens.RevokeAsync("r1", Start.AddMinutes(1)));
        Assert.False(await storage.RefreshTokens.RevokeAsync("r1", Start.AddMinutes(2)));
        Assert.Equal(Start.AddMinutes(1), (await storage.RefreshTokens.FindByHashAsync("th-1"))?.RevokedAt);
        Assert.Equal(1, await storage.RefreshTokens.RevokeAllAsync("u1", Start.AddMinutes(3)));
        Assert.True((await storage.RefreshTokens.FindByHashAsync("th-2"))?.IsRevoked);
    }

    [PostgresFact]
    public async Task Audit_ListFiltersAndPages_NewestFirstPerOrganization()
    {
        var storage = await OpenStoreAsync();
        await storage.Audit.AppendAsync(Audit("a1", "acme", Start, "auth.login"));
        await storage.Audit.AppendAsync(Audit("a2", "acme", Start.AddMinutes(1), "execution.start", actor: "k1"));
        await storage.Audit.AppendAsync(Audit("a3", "acme", Start.AddMinutes(2), "auth.login"));
        await storage.Audit.AppendAsync(Audit("b1", "beta", Start.AddMinutes(3), "auth.login"));

        var first = await storage.Audit.ListAsync(new AuditQuery("acme", 2));
        Assert.Equal(["a3", "a2"], first.Items.Select(e => e.Id));
        var second = await storage.Audit.ListAsync(new AuditQuery("acme", 2, After: first.Next));
        Assert.Equal(["a1"], second.Items.Select(e => e.Id));
        Assert.Null(second.Next);

        Assert.Equal(["a3", "a1"], (await storage.Audit.ListAsync(new AuditQuery("acme", 10, Action: "auth.login"))).Items.Select(e => e.Id));
        Assert.Equal(["a2"], (await storage.Audit.ListAsync(new AuditQuery("acme", 10, Actor: "k1"))).Items.Select(e => e.Id));
        Assert.Equal(["a1"], (await storage.Audit.ListAsync(new AuditQuery("acme", 10, Resource: "e-a1"))).Items.Select(e => e.Id));
        Assert.Equal(
            ["a2"],
            (await storage.Audit.ListAsync(new AuditQuery("acme", 10, Since: Start.AddMinutes(1), Until: Start.AddMinutes(2))))
                .Items.Select(e => e.Id));
        Assert.Equal(Audit("b1", "beta", Start.AddMinutes(3), "auth.login"), Assert.Single((await storage.Audit.ListAsync(new AuditQuery("beta", 10))).Items));
    }

    [PostgresFact]
    public async Task Audit_UpdateOrDelete_IsRefusedByTheDatabase()
    {
        var storage = await OpenStoreAsync();
        await storage.Audit.AppendAsync(Audit("a1", "acme", Start, "auth.login"));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteRawAsync("UPDATE audit_log SET outcome = 'x'"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteRawAsync("DELETE FROM audit_log"));
        Assert.Equal("success", Assert.Single((await storage.Audit.ListAsync(new AuditQuery("acme", 10))).Items).Outcome);
    }
}
