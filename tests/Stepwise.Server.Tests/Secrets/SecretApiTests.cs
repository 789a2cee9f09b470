using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Secrets;

public sealed class SecretApiTests : IDisposable
{
    private const string Value = "pa55-w0rd-of-acme-4711";
    private readonly ServerFactory factory = new();

    public void Dispose() => factory.Dispose();

    [Fact]
    public async Task Put_NewThenReplace_Answers201Then200WithNamesAndTimesOnly()
    {
        using var admin = factory.Client();

        using var created = await admin.PutAsync("/api/v1/secrets/api_key", Api.Json($$"""{"value":"{{Value}}"}"""));
        using var replaced = await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"another-value"}"""));
        var list = await (await admin.GetAsync("/api/v1/secrets")).ReadObjectAsync();
        var one = await (await admin.GetAsync("/api/v1/secrets/api_key")).ReadObjectAsync();

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("/api/v1/secrets/api_key", created.Headers.Location?.ToString());
        Assert.Equal(200, (int)replaced.StatusCode);
        var body = await created.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Value, body, StringComparison.Ordinal);
        Assert.Equal(["name", "created_at", "updated_at"], JsonNode.Parse(body)!.AsObject().Select(p => p.Key));
        Assert.Equal("api_key", list["secrets"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(3, list["secrets"]![0]!.AsObject().Count);
        Assert.Equal(3, one.Count);
    }

    [Fact]
    public async Task Delete_ThenGet_Answers404WithTheSecretMessage()
    {
        using var admin = factory.Client();
        (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json($$"""{"value":"{{Value}}"}"""))).EnsureSuccessStatusCode();

        using var deleted = await admin.DeleteAsync("/api/v1/secrets/api_key");
        using var again = await admin.DeleteAsync("/api/v1/secrets/api_key");
        using var get = await admin.GetAsync("/api/v1/secrets/api_key");

        Assert.Equal(204, (int)deleted.StatusCode);
        Assert.Equal("Secret 'api_key' not found", Envelope.Message(await Envelope.AssertErrorAsync(again, 404, "NOT_FOUND")));
        Assert.Equal("Secret 'api_key' not found", Envelope.Message(await Envelope.AssertErrorAsync(get, 404, "NOT_FOUND")));
    }

    [Theory]
    [InlineData("api_key", """{"value":42}""", "Field 'value' must be a string, not number")]
    [InlineData("api_key", """{"value":""}""", "Field 'value' must not be empty")]
    [InlineData("api_key", """{}""", "Field 'value' is required: a secret is set with {\"value\": \"...\"}")]
    [InlineData("api_key", """{"value":"x","note":"y"}""", "Unknown field 'note': a secret is set with {\"value\": \"...\"}")]
    [InlineData("1st", """{"value":"x"}""", "'1st' is not a secret name: use 1 to 64 characters of A-Z, a-z, 0-9 and '_', not starting with a digit")]
    [InlineData("has-dash", """{"value":"x"}""", "'has-dash' is not a secret name: use 1 to 64 characters of A-Z, a-z, 0-9 and '_', not starting with a digit")]
    public async Task Put_BadInput_Answers422NamingTheProblem(string name, string body, string message)
    {
        using var admin = factory.Client();

        using var response = await admin.PutAsync($"/api/v1/secrets/{name}", Api.Json(body));

        Assert.Equal(message, Envelope.Message(await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR")));
    }

    [Fact]
    public async Task Put_NotJson_Answers400()
    {
        using var admin = factory.Client();

        using var response = await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("{value"));

        await Envelope.AssertErrorAsync(response, 400, "BAD_REQUEST");
    }

    [Fact]
    public async Task Roles_ViewerListsButOnlyAdminWrites()
    {
        await factory.CreateOrgAsync("acme");
        var viewerKey = await factory.CreateKeyAsync("acme", ApiKeyRole.Viewer);
        var developerKey = await factory.CreateKeyAsync("acme", ApiKeyRole.Developer);
        var adminKey = await factory.CreateKeyAsync("acme", ApiKeyRole.Admin);
        using var viewer = factory.Client(viewerKey);
        using var developer = factory.Client(developerKey);
        using var admin = factory.Client(adminKey);

        using var viewerPut = await viewer.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"x-value"}"""));
        using var developerPut = await developer.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"x-value"}"""));
        using var adminPut = await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"x-value"}"""));
        using var viewerDelete = await viewer.DeleteAsync("/api/v1/secrets/api_key");
        using var viewerList = await viewer.GetAsync("/api/v1/secrets");

        await Envelope.AssertErrorAsync(viewerPut, 403, "FORBIDDEN");
        await Envelope.AssertErrorAsync(developerPut, 403, "FORBIDDEN");
        Assert.Equal(201, (int)adminPut.StatusCode);
        await Envelope.AssertErrorAsync(viewerDelete, 403, "FORBIDDEN");
        Assert.Single((await viewerList.ReadObjectAsync())["secrets"]!.AsArray());
    }

    [Fact]
    public async Task OtherOrganization_SeesNothingAndCannotDelete()
    {
        await factory.CreateOrgAsync("acme");
        await factory.CreateOrgAsync("beta");
        using var acme = factory.Client(await factory.CreateKeyAsync("acme", ApiKeyRole.Admin));
        using var beta = factory.Client(await factory.CreateKeyAsync("beta", ApiKeyRole.Admin));
        (await acme.PutAsync("/api/v1/secrets/api_key", Api.Json($$"""{"value":"{{Value}}"}"""))).EnsureSuccessStatusCode();

        var list = await (await beta.GetAsync("/api/v1/secrets")).ReadObjectAsync();
        using var get = await beta.GetAsync("/api/v1/secrets/api_key");
        using var delete = await beta.DeleteAsync("/api/v1/secrets/api_key");

        Assert.Empty(list["secrets"]!.AsArray());
        await Envelope.AssertErrorAsync(get, 404, "NOT_FOUND");
        await Envelope.AssertErrorAsync(delete, 404, "NOT_FOUND");
        Assert.Equal(200, (int)(await acme.GetAsync("/api/v1/secrets/api_key")).StatusCode);
    }

    [Fact]
    public async Task Put_ReplacedOrDeleted_TheNextRunSeesTheChange()
    {
        using var admin = factory.Client();
        await admin.DeployAsync("""
            name: secret_length
            nodes: [{ id: read, type: transform, with: { length: "${{ len(secrets.api_key) }}" } }]
            output: ${{ nodes.read.output.length }}
            """);

        (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"abcd"}"""))).EnsureSuccessStatusCode();
        var first = await admin.RunAsync("secret_length");
        (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json("""{"value":"abcdefgh"}"""))).EnsureSuccessStatusCode();
        var second = await admin.RunAsync("secret_length");
        (await admin.DeleteAsync("/api/v1/secrets/api_key")).EnsureSuccessStatusCode();
        var third = await admin.RunAsync("secret_length");

        Assert.Equal(4, first["output"]!.GetValue<int>());
        Assert.Equal(8, second["output"]!.GetValue<int>());
        Assert.Equal("failed", third.Status());
    }

    [Fact]
    public async Task Stored_RawColumn_HoldsNoPlaintextAndATamperedValueReadsAsMissing()
    {
        using var admin = factory.Client();
        (await admin.PutAsync("/api/v1/secrets/api_key", Api.Json($$"""{"value":"{{Value}}"}"""))).EnsureSuccessStatusCode();
        await admin.DeployAsync("""
            name: read_secret
            nodes:
              - id: read
                type: transform
                with: { length: "${{ len(secrets.api_key) }}" }
            """);
        var path = Path.Combine(factory.DataFolder, "stepwise.db");

        byte[] raw;
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=false"))
        {
            await connection.OpenAsync();
            await using var select = connection.CreateCommand();
            select.CommandText = "SELECT sealed_value FROM org_secrets WHERE org_id = 'default' AND name = 'api_key'";
            raw = (byte[])(await select.ExecuteScalarAsync())!;
            raw[^1] ^= 0x01;
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE org_secrets SET sealed_value = $value WHERE org_id = 'default' AND name = 'api_key'";
            update.Parameters.AddWithValue("$value", raw);
            await update.ExecuteNonQueryAsync();
        }

        var run = await admin.RunAsync("read_secret");

        Assert.DoesNotContain(Value, Encoding.UTF8.GetString(raw), StringComparison.Ordinal);
        Assert.True(raw.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Value)) < 0);
        Assert.Equal("failed", run.Status());
        var detail = await admin.GetRunAsync(run.Id());
        Assert.Equal("Secret 'api_key' not found", detail.Step("read")!["error"]!.GetValue<string>());
    }
}
