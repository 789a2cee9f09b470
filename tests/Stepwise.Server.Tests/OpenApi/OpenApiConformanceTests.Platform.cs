using System.Net;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private static async Task HealthAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var anonymous = host.Client(key: null);
        using var admin = host.Client();
        foreach (var method in new[] { "GET", "HEAD" })
        {
            await run.CallAsync(anonymous, method, "/health", expect: 200);
            await run.CallAsync(anonymous, method, "/health/live", expect: 200);
            await run.CallAsync(anonymous, method, "/health/ready", expect: 200);
            await run.CallAsync(admin, method, "/health/detailed", expect: 200);
        }

        await run.CallAsync(admin, "GET", "/debug/runtime", expect: 200);
        await run.CallAsync(admin, "GET", "/debug/profile/cpu", query: "?seconds=1", expect: 200);
        await run.CallAsync(admin, "GET", "/debug/profile/cpu", query: "?seconds=0", expect: 422);
        await run.CallAsync(admin, "GET", "/debug/profile/heap", query: "?top=5", expect: 200);
        await run.CallAsync(admin, "GET", "/debug/profile/heap", query: "?format=pdf", expect: 422);
        await run.CallAsync(admin, "GET", "/debug/threads", expect: 200);
        await run.CallAsync(anonymous, "GET", "/metrics", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/me", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/audit", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/audit", query: "?limit=zero", expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/workspace", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/data-providers", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/data-providers/{name}", ["nosuch"], expect: 404);
        using (var api = new LocalHttpServer((_, _) => (200, "{}")))
        {
            await admin.DeployAsync($$"""
                name: ping
                nodes: [{ id: call, type: http, with: { url: "{{api.Url("/ping")}}" } }]
                """);
            (await admin.PostAsync("/api/v1/workflows/ping/executions?wait=30s", Api.Json("{}"))).Dispose();
        }

        var breakers = await run.CallAsync(admin, "GET", "/api/v1/circuit-breakers", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/circuit-breakers/{host}/reset", [breakers.Json!["items"]![0]!["host"]!.GetValue<string>()], expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/circuit-breakers/{host}/reset", ["nosuch.example"], expect: 404);
        await run.CallAsync(admin, "GET", "/api/v1/schedules", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/query", query: "?q=" + WebUtility.UrlEncode("executions limit 5"), expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/query", expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/query", query: "?q=" + WebUtility.UrlEncode("nonsense where"), expect: 400);
        await run.CallAsync(admin, "GET", "/api/v1/reports/summary", query: "?days=7", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/reports/summary", query: "?days=0", expect: 422);
        await run.CallAsync(
            admin, "POST", "/api/v1/actions/execute",
            body: ConformanceRun.Json("""{"action_type": "transform", "config": {"a": "${{ params.x }}"}, "input_data": {"x": 1}}"""),
            expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/actions/execute", body: ConformanceRun.Json("""{"action_type": "nosuch"}"""), expect: 422);
    }
}
