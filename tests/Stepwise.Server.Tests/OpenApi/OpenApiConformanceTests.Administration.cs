using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private static async Task AdministrationAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();

        await run.CallAsync(admin, "GET", "/api/v1/organizations", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/organizations", body: ConformanceRun.Json("""{"id": "acme", "name": "Acme"}"""), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/organizations", body: ConformanceRun.Json("""{"id": "acme", "name": "Acme"}"""), expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/organizations", body: ConformanceRun.Json("""{"id": "Not An Id"}"""), expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/organizations/{id}/deactivate", ["acme"], expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/organizations/{id}/activate", ["acme"], expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/organizations/{id}/activate", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/organizations/{id}/deactivate", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/organizations/{id}/deactivate", ["default"], expect: 409);

        await run.CallAsync(admin, "GET", "/api/v1/api-keys", expect: 200);
        var key = await run.CallAsync(admin, "POST", "/api/v1/api-keys", body: ConformanceRun.Json("""{"name": "ci", "role": "operator"}"""), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/api-keys", body: ConformanceRun.Json("""{"name": "ci", "role": "chief"}"""), expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/api-keys/{id}/revoke", [key.Get("id")], expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/api-keys/{id}/revoke", [key.Get("id")], expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/api-keys/{id}/revoke", ["nosuch"], expect: 404);

        await run.CallAsync(admin, "GET", "/api/v1/users", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/users", body: ConformanceRun.Json("""{"username": "ada", "password": "correct horse", "role": "operator"}"""), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/users", body: ConformanceRun.Json("""{"username": "ada", "password": "correct horse"}"""), expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/users", body: ConformanceRun.Json("""{"username": "bob", "password": "short"}"""), expect: 422);
        await run.CallAsync(admin, "PUT", "/api/v1/users/{username}/role", ["ada"], body: ConformanceRun.Json("""{"role": "developer"}"""), expect: 200);
        await run.CallAsync(admin, "PUT", "/api/v1/users/{username}/role", ["nosuch"], body: ConformanceRun.Json("""{"role": "developer"}"""), expect: 404);
        await run.CallAsync(admin, "PUT", "/api/v1/users/{username}/role", ["ada"], body: ConformanceRun.Json("""{"role": "chief"}"""), expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/disable", ["ada"], expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/enable", ["ada"], expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/disable", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/enable", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/password", ["ada"], body: ConformanceRun.Json("""{"password": "battery staple"}"""), expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/password", ["ada"], body: ConformanceRun.Json("""{"password": "x"}"""), expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/users/{username}/password", ["nosuch"], body: ConformanceRun.Json("""{"password": "battery staple"}"""), expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/users", body: ConformanceRun.Json("""{"username": "gone", "password": "correct horse"}"""), expect: 201);
        await run.CallAsync(admin, "DELETE", "/api/v1/users/{username}", ["gone"], expect: 204);
        await run.CallAsync(admin, "DELETE", "/api/v1/users/{username}", ["gone"], expect: 404);
    }

    private static async Task SignInAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var anonymous = host.Client(key: null);
        var tokens = await run.CallAsync(anonymous, "POST", "/auth/login", body: ConformanceRun.Json("""{"username": "ada", "password": "battery staple"}"""), expect: 200);
        await run.CallAsync(anonymous, "POST", "/auth/login", body: ConformanceRun.Json("""{"username": "ada", "password": "wrong password"}"""), expect: 401);
        await run.CallAsync(anonymous, "POST", "/auth/login", body: ConformanceRun.Json("""{"username": "ada"}"""), expect: 400);
        await run.CallAsync(anonymous, "POST", "/auth/login", body: ConformanceRun.Json("""{"username": "ada", "password": "battery staple", "org": "acme"}"""), expect: 403);
        var refreshed = await run.CallAsync(anonymous, "POST", "/auth/refresh", body: ConformanceRun.Json($$"""{"refresh_token": "{{tokens.Get("refresh_token")}}"}"""), expect: 200);
        await run.CallAsync(anonymous, "POST", "/auth/refresh", body: ConformanceRun.Json($$"""{"refresh_token": "{{tokens.Get("refresh_token")}}"}"""), expect: 401);
        await run.CallAsync(anonymous, "POST", "/auth/refresh", body: ConformanceRun.Json("{}"), expect: 400);
        await run.CallAsync(anonymous, "POST", "/auth/logout", body: ConformanceRun.Json($$"""{"refresh_token": "{{refreshed.Get("refresh_token")}}"}"""), expect: 204);
        await run.CallAsync(anonymous, "POST", "/auth/logout", body: ConformanceRun.Json("{}"), expect: 400);

        // An admin signed in as a user cannot change or remove itself.
        using var admin = host.Client();
        (await admin.PostAsync("/api/v1/users", Api.Json("""{"username": "boss", "password": "correct horse", "role": "admin"}"""))).Dispose();
        var boss = await run.CallAsync(anonymous, "POST", "/auth/login", body: ConformanceRun.Json("""{"username": "boss", "password": "correct horse"}"""), expect: 200);
        using var user = host.Client(key: null);
        user.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", boss.Get("access_token"));
        await run.CallAsync(user, "PUT", "/api/v1/users/{username}/role", ["boss"], body: ConformanceRun.Json("""{"role": "viewer"}"""), expect: 409);
        await run.CallAsync(user, "DELETE", "/api/v1/users/{username}", ["boss"], expect: 409);
    }
}
