using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

public sealed class ConfigApiTests : IDisposable
{
    private readonly ServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Put_OneKeyAndMany_ListedByKeyWithJsonValues()
    {
        using var admin = factory.Client();

        using var created = await admin.PutAsync("/api/v1/config/api_endpoint", Api.Json("""{"value":"https://api.example.com"}"""));
        using var many = await admin.PutAsync("/api/v1/config", Api.Json("""{"timeout":30,"feature_flag":true,"limits":{"max":5}}"""));
        var list = await (await admin.GetAsync("/api/v1/config")).ReadObjectAsync();
        var one = await (await admin.GetAsync("/api/v1/config/limits")).ReadObjectAsync();

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal(200, (int)many.StatusCode);
        Assert.Equal(
            ["api_endpoint", "feature_flag", "limits", "timeout"],
            list["config"]!.AsArray().Select(e => e!["key"]!.GetValue<string>()));
        Assert.Equal("""{"max":5}""", one["value"]!.ToJsonString());
    }

    [Fact]
    public async Task Delete_ThenGet_Answers404WithTheOrganizationMessage()
    {
        using var admin = factory.Client();
        (await admin.PutAsync("/api/v1/config/api_endpoint", Api.Json("""{"value":"x"}"""))).EnsureSuccessStatusCode();

        using var deleted = await admin.DeleteAsync("/api/v1/config/api_endpoint");
        using var get = await admin.GetAsync("/api/v1/config/api_endpoint");

        Assert.Equal(204, (int)deleted.StatusCode);
        Assert.Equal(
            "Configuration key 'api_endpoint' not found for organization",
            Envelope.Message(await Envelope.AssertErrorAsync(get, 404, "NOT_FOUND")));
    }

    [Theory]
    [InlineData("/api/v1/config/bad-key", """{"value":1}""", "'bad-key' is not a configuration key: use 1 to 64 characters of A-Z, a-z, 0-9 and '_', not starting with a digit")]
    [InlineData("/api/v1/config/k", """{"val":1}""", "Unknown field 'val': a key is set with {\"value\": ...}")]
    [InlineData("/api/v1/config/k", """{}""", "Field 'value' is required: a key is set with {\"value\": ...} (any JSON)")]
    [InlineData("/api/v1/config", """{}""", "The body sets no key: send a JSON object of key: value")]
    [InlineData("/api/v1/config", """{"ok":1,"no way":2}""", "'no way' is not a configuration key: use 1 to 64 characters of A-Z, a-z, 0-9 and '_', not starting with a digit")]
    public async Task Put_BadInput_Answers422NamingTheProblem(string path, string body, string message)
    {
        using var admin = factory.Client();

        using var response = await admin.PutAsync(path, Api.Json(body));

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
        Assert.Empty((await (await admin.GetAsync("/api/v1/config")).ReadObjectAsync())["config"]!.AsArray());
    }

    [Fact]
    public async Task Roles_ViewerReadsOnlyAdminWritesOtherOrgSeesNothing()
    {
        await factory.CreateOrgAsync("acme");
        await factory.CreateOrgAsync("beta");
        using var viewer = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Viewer));
        using var admin = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));
        using var other = factory.Client(await factory.CreateKeyAsync("beta", ApiKeyRole.Admin));

        using var viewerPut = await viewer.PutAsync("/api/v1/config/region", Api.Json("""{"value":"eu"}"""));
        using var adminPut = await admin.PutAsync("/api/v1/config/region", Api.Json("""{"value":"eu"}"""));
        using var viewerGet = await viewer.GetAsync("/api/v1/config/region");
        using var otherGet = await other.GetAsync("/api/v1/config/region");
        using var otherDelete = await other.DeleteAsync("/api/v1/config/region");

        await Envelope.AssertErrorAsync(viewerPut, 403, "FORBIDDEN");
        Assert.Equal(201, (int)adminPut.StatusCode);
        Assert.Equal("eu", (await viewerGet.ReadObjectAsync())["value"]!.GetValue<string>());
        await Envelope.AssertErrorAsync(otherGet, 404, "NOT_FOUND");
        await Envelope.AssertErrorAsync(otherDelete, 404, "NOT_FOUND");
    }

    [Fact]
    public async Task Run_ReadsConfigInExpressionsAndAMissingKeyFailsWithTheExactMessage()
    {
        using var admin = factory.Client();
        (await admin.PutAsync("/api/v1/config", Api.Json("""{"api_endpoint":"https://api.example.com","limits":{"timeout":30}}"""))).EnsureSuccessStatusCode();
        await admin.DeployAsync("""
            name: configured
            nodes:
              - id: read
                type: transform
                with:
                  url: "${{ config.api_endpoint }}/tickets"
                  timeout: "${{ config.limits.timeout * 2 }}"
                  org: "${{ org.name }}"
            output: ${{ nodes.read.output }}
            """);
        await admin.DeployAsync("""
            name: misconfigured
            nodes:
              - id: read
                type: transform
                with: { url: "${{ config.api_endpointt }}" }
            """);

        var good = await admin.RunAsync("configured");
        var bad = await admin.RunAsync("misconfigured");
        var detail = await admin.GetRunAsync(bad.Id());

        Assert.Equal("succeeded", good.Status());
        Assert.Equal(
            """{"url":"https://api.example.com/tickets","timeout":60,"org":"Default"}""",
            good["output"]!.ToJsonString());
        Assert.Equal("failed", bad.Status());
        Assert.Equal(
            "Configuration key 'api_endpointt' not found for organization",
            detail.Step("read")!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_MissingKeyWithCoalesceOrHasConfig_UsesTheDefaultAndKeysListsTheConfig()
    {
        using var admin = factory.Client(org: null);
        (await admin.PutAsync("/api/v1/config/feature_flag", Api.Json("""{"value":true}"""))).EnsureSuccessStatusCode();
        await admin.DeployAsync("""
            name: defaults
            nodes:
              - id: read
                type: transform
                with:
                  endpoint: "${{ config.not_configured_endpoint ?? 'https://fallback.example.com' }}"
                  timeout: "${{ config.not_configured_limits?.timeout ?? 15 }}"
                  has_flag: "${{ has_config('feature_flag') }}"
                  has_missing: "${{ has_config('not_configured_endpoint') }}"
                  flag: "${{ has_config('feature_flag') ? config.feature_flag : false }}"
                  lists_flag: "${{ contains(keys(config), 'feature_flag') }}"
            output: ${{ nodes.read.output }}
            """);

        var run = await admin.RunAsync("defaults");

        Assert.Equal("succeeded", run.Status());
        Assert.Equal(
            """{"endpoint":"https://fallback.example.com","timeout":15,"has_flag":true,"has_missing":false,"flag":true,"lists_flag":true}""",
            run["output"]!.ToJsonString());
    }
}
