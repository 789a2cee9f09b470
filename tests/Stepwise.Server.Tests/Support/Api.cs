using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;

namespace Stepwise.Server.Tests.Support;

/// <summary>Helpers for calling the API of a <see cref="ServerFactory"/> and seeding organizations and keys.</summary>
public static class Api
{
    public static HttpClient Client(this ServerFactory factory, string? key = ServerFactory.AdminKey, string? org = null)
    {
        var client = factory.CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        if (org is not null)
        {
            client.DefaultRequestHeaders.Add("X-Organization-Id", org);
        }

        return client;
    }

    public static StringContent Yaml(string text) => new(text, Encoding.UTF8, "application/yaml");

    public static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new InvalidOperationException("empty body");
    }

    public static async Task<JsonObject> DeployAsync(this HttpClient client, string yaml)
    {
        using var response = await client.PostAsync("/api/v1/workflows", Yaml(yaml));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"deploy failed: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    public static async Task CreateOrgAsync(this ServerFactory factory, string id, bool active = true)
    {
        await factory.StartAsync();
        var organizations = factory.Services.GetRequiredService<IOrganizationStore>();
        await organizations.EnsureAsync(new OrganizationRecord(id, id, true, TimeProvider.System.GetUtcNow()));
        await organizations.SetActiveAsync(id, active);
    }

    public static async Task<string> CreateKeyAsync(
        this ServerFactory factory, string org, ApiKeyRole role, bool platformAdmin = false)
    {
        await factory.StartAsync();
        var (key, hash, prefix) = ApiKeySecrets.Generate();
        await factory.Services.GetRequiredService<IApiKeyStore>().CreateAsync(new ApiKeyRecord(
            ApiKeySecrets.NewId(), org, "test", role, platformAdmin, hash, prefix, TimeProvider.System.GetUtcNow(), null));
        return key;
    }

    public static async Task StartAsync(this ServerFactory factory)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/health/live");
        response.EnsureSuccessStatusCode();
    }

    public static MediaTypeHeaderValue MediaType(string type) => new(type);
}
