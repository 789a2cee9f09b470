using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Signals;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private const string Approval = """
        name: approve_me
        nodes:
          - { id: approve, type: approval, with: { timeout: 1h } }
        """;

    private static async Task SignalAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        using var anonymous = host.Client(key: null);
        await admin.DeployAsync(Approval);
        var first = await StartAndWaitForApprovalAsync(admin);
        var second = await StartAndWaitForApprovalAsync(admin);

        await run.CallAsync(admin, "GET", "/api/v1/signals", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/signals", query: "?status=nosuch", expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}/signals", [first], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}/signals", ["nosuch"], expect: 404);

        const string Send = "/api/v1/executions/{id}/signals/{name}";
        await run.CallAsync(admin, "POST", Send, [first, "approve"], body: ConformanceRun.Json("""{"approved": "maybe"}"""), expect: 422);
        await run.CallAsync(admin, "POST", Send, [first, "Bad Name!"], body: ConformanceRun.Json("""{"approved": true}"""), expect: 400);
        await run.CallAsync(admin, "POST", Send, ["nosuch", "approve"], body: ConformanceRun.Json("""{"approved": true}"""), expect: 404);
        await run.CallAsync(admin, "POST", Send, [first, "approve"], body: ConformanceRun.Json("""{"approved": true}"""), expect: 202);
        await run.CallAsync(admin, "POST", Send, [first, "approve"], body: ConformanceRun.Json("""{"approved": true}"""), expect: 409);

        // The signed links: a page, then the decision once; a forged token is refused.
        var links = host.Services.GetRequiredService<IApprovalLinks>().Create("default", second, "approve");
        var token = new Uri(new Uri("http://x"), links["approve_url"]!.GetValue<string>()).Query;
        const string Link = "/api/v1/executions/{id}/signals/{name}/{decision}";
        await run.CallAsync(anonymous, "GET", Link, [second, "approve", "approve"], query: token, expect: 200);
        await run.CallAsync(anonymous, "GET", Link, [second, "approve", "reject"], query: token, expect: 403);
        await run.CallAsync(anonymous, "GET", Link, [second, "approve", "maybe"], query: token, expect: 404);
        await run.CallAsync(anonymous, "POST", Link, [second, "approve", "reject"], query: token, expect: 403);
        await run.CallAsync(anonymous, "POST", Link, [second, "approve", "maybe"], query: token, expect: 404);
        await run.CallAsync(anonymous, "POST", Link, [second, "approve", "approve"], query: token, expect: 200);
        await run.CallAsync(anonymous, "POST", Link, [second, "approve", "approve"], query: token, expect: 409);
        await run.CallAsync(anonymous, "GET", Link, [second, "approve", "approve"], query: token, expect: 409);
    }

    private static async Task<string> StartAndWaitForApprovalAsync(HttpClient admin)
    {
        using var response = await admin.PostAsync("/api/v1/workflows/approve_me/executions", Api.Json("{}"));
        var id = (await response.ReadObjectAsync())["id"]!.GetValue<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var waits = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/executions/{id}/signals"))!["items"]!.AsArray();
            if (waits.Count > 0)
            {
                return id;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"run {id} never waited for its approval");
    }
}
