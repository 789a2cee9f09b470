using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth.Login;

namespace Stepwise.Server.Tests.Support;

/// <summary>Seeding users and signing in through <c>POST /auth/login</c>.</summary>
public static class Users
{
    public static async Task<string> CreateUserAsync(
        this ServerFactory factory, string username, string password, string org = "default",
        ApiKeyRole role = ApiKeyRole.Viewer)
    {
        await factory.StartAsync();
        var users = factory.Services.GetRequiredService<IUserStore>();
        var id = Usernames.NewId();
        await users.CreateAsync(new UserRecord(
            id, username, UserPasswords.Hash(password), false, 0, null, TimeProvider.System.GetUtcNow()));
        await users.SetMembershipAsync(new UserMembership(id, org, role));
        return id;
    }

    public static async Task<HttpResponseMessage> LoginAsync(
        this ServerFactory factory, string username, string password, string? org = null)
    {
        using var client = factory.CreateClient();
        var body = new JsonObject { ["username"] = username, ["password"] = password };
        if (org is not null)
        {
            body["org"] = org;
        }

        return await client.PostAsync("/auth/login", Api.Json(body.ToJsonString()));
    }

    public static async Task<JsonObject> SignInAsync(this ServerFactory factory, string username, string password)
    {
        using var response = await factory.LoginAsync(username, password);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"login failed: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static async Task<HttpResponseMessage> PostTokenAsync(this ServerFactory factory, string path, string refreshToken)
    {
        using var client = factory.CreateClient();
        return await client.PostAsync(path, Api.Json(new JsonObject { ["refresh_token"] = refreshToken }.ToJsonString()));
    }

    public static HttpClient BearerClient(this ServerFactory factory, string accessToken)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public static string Text(this JsonObject body, string name) => body[name]!.GetValue<string>();
}
