using System.Net;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd;

/// <summary>Organizations and keys made with the CLI against a running server's store, and the header rules.</summary>
public sealed class OrganizationTests : IClassFixture<SharedServer>
{
    private readonly SharedServer shared;

    public OrganizationTests(SharedServer shared) => this.shared = shared;

    private Task<(int ExitCode, string Stdout, string Stderr)> CliAsync(params string[] args) =>
        StepwiseProcess.RunAsync([.. args, "--data", shared.DataFolder]);

    [Fact]
    public async Task OrganizationHeader_Rules_AreEnforced()
    {
        Assert.Equal(0, (await CliAsync("orgs", "create", "acme", "--name", "Acme")).ExitCode);
        Assert.Equal(0, (await CliAsync("orgs", "create", "dormant")).ExitCode);
        Assert.Equal(0, (await CliAsync("orgs", "deactivate", "dormant")).ExitCode);
        var created = await CliAsync("keys", "create", "--org", "acme", "--role", "developer", "--output", "json");
        Assert.Equal(0, created.ExitCode);
        var acmeKey = System.Text.Json.Nodes.JsonNode.Parse(created.Stdout)!["key"]!.GetValue<string>();
        var server = shared.Server;

        using (var unknown = await server.Client(org: "ghost").GetAsync("/api/v1/workflows"))
        {
            Assert.Equal("Organization 'ghost' not found", (await Api.AssertErrorAsync(unknown, 404, "NOT_FOUND")).Message());
        }

        using (var inactive = await server.Client(org: "dormant").GetAsync("/api/v1/workflows"))
        {
            Assert.Equal("Organization 'dormant' is inactive", (await Api.AssertErrorAsync(inactive, 403, "FORBIDDEN")).Message());
        }

        using (var foreign = await server.Client(acmeKey, org: "default").GetAsync("/api/v1/workflows"))
        {
            await Api.AssertErrorAsync(foreign, 403, "FORBIDDEN");
        }

        using var acme = server.Client(acmeKey);
        await acme.DeployAsync(RepoPaths.ReadExample("greet.yaml"));
        using (var asAdmin = await server.Client(org: "acme").GetAsync("/api/v1/workflows/greet"))
        {
            Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        }

        using (var otherOrg = await server.Client(org: "default").GetAsync("/api/v1/workflows/greet_missing"))
        {
            await Api.AssertErrorAsync(otherOrg, 404, "NOT_FOUND");
        }

        var listed = await CliAsync("keys", "list", "--org", "acme");
        Assert.Contains("developer", listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(acmeKey, listed.Stdout, StringComparison.Ordinal);
        var keyId = listed.Stdout.Split('\n')[1].Split(' ')[0];
        Assert.Equal(0, (await CliAsync("keys", "revoke", keyId)).ExitCode);
        using var revoked = await acme.GetAsync("/api/v1/workflows");
        Assert.Equal("Invalid API key", (await Api.AssertErrorAsync(revoked, 401, "UNAUTHORIZED")).Message());
    }

    [Fact]
    public async Task KeysCreate_WithoutOrg_UsesTheDefaultOrganization()
    {
        var created = await CliAsync("keys", "create", "--role", "viewer", "--output", "json");

        Assert.True(created.ExitCode == 0, created.Stderr);
        Assert.Equal("default", System.Text.Json.Nodes.JsonNode.Parse(created.Stdout)!["org_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task KeysCreate_MalformedOrg_IsAUsageError()
    {
        var created = await CliAsync("keys", "create", "--org", "Not An Org");

        Assert.Equal(2, created.ExitCode);
        Assert.Contains("is not an organization id", created.Stderr, StringComparison.Ordinal);
    }
}
