using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

/// <summary><c>stepwise users</c> and <c>stepwise keys</c> on a real store: changes, refusals and their audit entries.</summary>
public sealed class UsersCommandTests : IDisposable
{
    private const string Password = "a good long password";

    private readonly DbFixture db = new();

    public void Dispose() => db.Dispose();

    [Fact]
    public async Task Users_CreateListResetRoleDisable_ChangeTheStoreAndAreAudited()
    {
        Ok(await db.RunAsync("orgs", "create", "acme"));
        Ok(await RunWithStdinAsync(Password + "\n", "users", "create", "Alice", "--org", "acme", "--role", "operator", "--password-stdin"));

        var listed = await db.RunAsync("users", "list", "--output", "json");
        Ok(listed);
        var alice = Assert.Single(JsonNode.Parse(listed.Stdout)!.AsArray())!;
        Assert.Equal(("alice", "operator"), (alice["username"]!.GetValue<string>(), alice["roles"]!["acme"]!.GetValue<string>()));
        Assert.DoesNotContain("AQAAAA", listed.Stdout, StringComparison.Ordinal);

        var hashBefore = db.Text("SELECT password_hash FROM users");
        Ok(await RunWithStdinAsync("another long password\n", "users", "reset-password", "alice", "--password-stdin"));
        Assert.NotEqual(hashBefore, db.Text("SELECT password_hash FROM users"));
        Ok(await db.RunAsync("users", "set-role", "alice", "--org", "acme", "--role", "admin"));
        Assert.Equal("admin", db.Text("SELECT role FROM user_memberships"));
        Ok(await db.RunAsync("users", "disable", "alice"));
        Assert.Equal(1, db.Scalar("SELECT count(*) FROM users WHERE is_disabled <> 0"));

        Assert.Equal(
            "org.create,user.create,user.reset_password,user.role_set,user.disable",
            db.Text("SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE org_id = 'acme' ORDER BY at, id)"));
        Assert.Equal(0, db.Scalar($"SELECT count(*) FROM audit_log WHERE detail LIKE '%password%' OR actor_id LIKE '%{Password}%'"));
        Assert.Equal(0, db.Scalar("SELECT count(*) FROM users WHERE password_hash LIKE '%long password%'"));
    }

    [Fact]
    public async Task Users_BadInput_IsRefusedWithUsageOrFailure()
    {
        Ok(await db.RunAsync("orgs", "create", "acme"));
        var noPassword = await db.RunAsync("users", "create", "bob", "--org", "acme");
        Assert.Equal(2, noPassword.ExitCode);
        Assert.Contains("--password-stdin", noPassword.Stderr, StringComparison.Ordinal);

        var shortPassword = await RunWithStdinAsync("short\n", "users", "create", "bob", "--org", "acme", "--password-stdin");
        Assert.Equal(2, shortPassword.ExitCode);
        Assert.Contains("8 to 1024 characters", shortPassword.Stderr, StringComparison.Ordinal);

        var badName = await RunWithStdinAsync(Password + "\n", "users", "create", "b o b", "--password-stdin");
        Assert.Equal(2, badName.ExitCode);

        var noOrg = await RunWithStdinAsync(Password + "\n", "users", "create", "bob", "--org", "ghost", "--password-stdin");
        Assert.Equal(1, noOrg.ExitCode);
        Assert.Contains("organization 'ghost' not found", noOrg.Stderr, StringComparison.Ordinal);

        Ok(await RunWithStdinAsync(Password + "\n", "users", "create", "bob", "--org", "acme", "--password-stdin"));
        var duplicate = await RunWithStdinAsync(Password + "\n", "users", "create", "BOB", "--org", "acme", "--password-stdin");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.Contains("already exists", duplicate.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, (await db.RunAsync("users", "disable", "nobody")).ExitCode);
    }

    [Fact]
    public async Task Keys_CreateAndRevoke_AreAudited()
    {
        Ok(await db.RunAsync("orgs", "create", "acme"));
        var created = await db.RunAsync("keys", "create", "--org", "acme", "--role", "viewer", "--output", "json");
        Ok(created);
        var key = JsonNode.Parse(created.Stdout)!;
        Ok(await db.RunAsync("keys", "revoke", key["id"]!.GetValue<string>()));

        Assert.Equal(
            "org.create,key.create,key.revoke",
            db.Text("SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE org_id = 'acme' ORDER BY at, id)"));
        Assert.Equal(2, db.Scalar($"SELECT count(*) FROM audit_log WHERE resource_id = '{key["id"]!.GetValue<string>()}' AND actor_type = 'cli'"));
        Assert.Equal(0, db.Scalar($"SELECT count(*) FROM audit_log WHERE detail LIKE '%{key["key"]!.GetValue<string>()}%'"));
    }

    [Fact]
    public async Task Orgs_CreateDeactivateActivate_AreAudited()
    {
        Ok(await db.RunAsync("orgs", "create", "dormant"));
        Ok(await db.RunAsync("orgs", "deactivate", "dormant"));
        Ok(await db.RunAsync("orgs", "activate", "dormant"));

        Assert.Equal(
            "org.create,org.deactivate,org.activate",
            db.Text("SELECT group_concat(action, ',') FROM (SELECT action FROM audit_log WHERE org_id = 'dormant' ORDER BY at, id)"));
        Assert.Equal(3, db.Scalar("SELECT count(*) FROM audit_log WHERE resource_id = 'dormant' AND actor_type = 'cli'"));
    }

    private Task<CliResult> RunWithStdinAsync(string stdin, params string[] args) =>
        StepwiseCli.RunAsync([.. args, "--data", db.DataFolder], null, stdin: stdin);

    private static void Ok(CliResult result) =>
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.Stderr}{result.Stdout}");
}
