using System.Net.Http.Headers;
using System.Web;
using Stepwise.Server.Tests.OAuth;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private static async Task SettingAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        const string Secret = "/api/v1/secrets/{name}";
        await run.CallAsync(admin, "PUT", Secret, ["api_token"], body: ConformanceRun.Json("""{"value": "one"}"""), expect: 201);
        await run.CallAsync(admin, "PUT", Secret, ["api_token"], body: ConformanceRun.Json("""{"value": "two"}"""), expect: 200);
        await run.CallAsync(admin, "PUT", Secret, ["api_token"], body: ConformanceRun.Json("""{"value": ""}"""), expect: 422);
        await run.CallAsync(admin, "PUT", Secret, ["bad name!"], body: ConformanceRun.Json("""{"value": "x"}"""), expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/secrets", expect: 200);
        await run.CallAsync(admin, "GET", Secret, ["api_token"], expect: 200);
        await run.CallAsync(admin, "GET", Secret, ["nosuch"], expect: 404);
        await run.CallAsync(admin, "DELETE", Secret, ["api_token"], expect: 204);
        await run.CallAsync(admin, "DELETE", Secret, ["api_token"], expect: 404);

        const string Config = "/api/v1/config/{key}";
        await run.CallAsync(admin, "PUT", Config, ["region"], body: ConformanceRun.Json("""{"value": "eu"}"""), expect: 201);
        await run.CallAsync(admin, "PUT", Config, ["region"], body: ConformanceRun.Json("""{"value": {"name": "eu"}}"""), expect: 200);
        await run.CallAsync(admin, "PUT", Config, ["region"], body: ConformanceRun.Json("""{"other": 1}"""), expect: 422);
        await run.CallAsync(admin, "PUT", "/api/v1/config", body: ConformanceRun.Json("""{"a": 1, "b": null}"""), expect: 200);
        await run.CallAsync(admin, "PUT", "/api/v1/config", body: ConformanceRun.Json("""{"bad key!": 1}"""), expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/config", expect: 200);
        await run.CallAsync(admin, "GET", Config, ["region"], expect: 200);
        await run.CallAsync(admin, "GET", Config, ["nosuch"], expect: 404);
        await run.CallAsync(admin, "DELETE", Config, ["region"], expect: 204);
        await run.CallAsync(admin, "DELETE", Config, ["region"], expect: 404);
    }

    private static async Task OAuthAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var provider = new TokenProvider();
        using var admin = host.Client(handler: new SocketsHttpHandler { AllowAutoRedirect = false });
        using var browser = host.Client(key: null);
        const string Connections = "/api/v1/oauth/connections";
        const string Connection = "/api/v1/oauth/connections/{name}";
        var machine = $$"""{"name": "machine", "grant_type": "client_credentials", "client_id": "c", "client_secret": "s", "token_url": "{{provider.TokenUrl}}"}""";
        var person = $$"""{"name": "person", "client_id": "c", "client_secret": "s", "token_url": "{{provider.TokenUrl}}", "authorize_url": "https://idp.example/authorize"}""";
        await run.CallAsync(admin, "POST", Connections, body: ConformanceRun.Json(machine), expect: 201);
        await run.CallAsync(admin, "POST", Connections, body: ConformanceRun.Json(machine), expect: 409);
        await run.CallAsync(admin, "POST", Connections, body: ConformanceRun.Json(person), expect: 201);
        await run.CallAsync(admin, "POST", Connections, body: ConformanceRun.Json("""{"name": "x"}"""), expect: 422);
        await run.CallAsync(admin, "GET", Connections, expect: 200);
        await run.CallAsync(admin, "GET", Connection, ["machine"], expect: 200);
        await run.CallAsync(admin, "GET", Connection, ["nosuch"], expect: 404);

        await run.CallAsync(admin, "GET", Connection + "/authorize", ["machine"], expect: 422);
        await run.CallAsync(admin, "GET", Connection + "/authorize", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "GET", Connection + "/authorize", ["person"], expect: 200, configure: r => r.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json")));
        await run.CallAsync(admin, "POST", Connection + "/refresh", ["person"], expect: 422);
        using (var redirect = await admin.GetAsync("/api/v1/oauth/connections/person/authorize"))
        {
            var state = HttpUtility.ParseQueryString(redirect.Headers.Location!.Query)["state"]!;
            await run.CallAsync(browser, "GET", "/api/v1/oauth/callback", query: $"?code=c&state={Uri.EscapeDataString(state)}", expect: 200);
        }

        await run.CallAsync(admin, "GET", Connection + "/authorize", ["person"], expect: 302);
        await run.CallAsync(browser, "GET", "/api/v1/oauth/callback", query: "?code=c&state=nope", expect: 400);
        await run.CallAsync(admin, "POST", Connection + "/refresh", ["machine"], expect: 200);
        await run.CallAsync(admin, "POST", Connection + "/refresh", ["nosuch"], expect: 404);
        provider.RefuseAll = true;
        await run.CallAsync(admin, "POST", Connection + "/refresh", ["machine"], expect: 502);

        await run.CallAsync(admin, "DELETE", Connection, ["machine"], expect: 204);
        await run.CallAsync(admin, "DELETE", Connection, ["machine"], expect: 404);
    }
}
