using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private const string Greet = """
        name: greet
        params:
          - { name: who, type: string, default: world }
          - { name: n, type: int, default: 1 }
        nodes:
          - { id: hello, type: transform, with: { text: "hello ${{ params.who }}" } }
        output: { text: "${{ nodes.hello.output.text }}" }
        """;

    private const string Saga = """
        name: saga
        nodes:
          - id: book
            type: log
            with: { message: booked }
            compensate: { type: log, with: { message: unbooked } }
          - { id: pay, type: fail, with: { message: declined } }
        """;

    private const string Bare = """
        name: bare
        nodes:
          - { id: pay, type: fail, with: { message: declined } }
        """;

    private const string Slow = """
        name: slow
        nodes:
          - { id: wait, type: delay, with: { duration: 10m } }
        """;

    private static async Task WorkflowAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json(Greet, "application/yaml"), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json(Greet, "application/yaml"), expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json("name: [unclosed", "application/yaml"), expect: 400);
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json("name: x\nnodes: []\nbogus: 1", "application/yaml"), expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json(Hook("hook_a", "shared"), "application/yaml"), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json(Hook("hook_b", "shared"), "application/yaml"), expect: 409);
        await run.CallAsync(admin, "GET", "/api/v1/workflows", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}", ["greet"], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}", ["Bad Name"], expect: 400);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/versions", ["greet"], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/versions", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/versions", ["Bad Name"], expect: 400);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/versions/{version}", ["greet", "1"], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/versions/{version}", ["greet", "9"], expect: 404);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/versions/{version}", ["Bad Name", "1"], expect: 400);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/form", ["greet"], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/workflows/{name}/form", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/workflows", body: ConformanceRun.Json("name: doomed\nnodes: [{ id: a, type: transform, with: {} }]", "application/yaml"), expect: 201);
        await run.CallAsync(admin, "DELETE", "/api/v1/workflows/{name}", ["doomed"], expect: 204);
        await run.CallAsync(admin, "DELETE", "/api/v1/workflows/{name}", ["doomed"], expect: 404);
        await run.CallAsync(admin, "DELETE", "/api/v1/workflows/{name}", ["Bad Name"], expect: 400);
    }

    private static async Task RunAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        foreach (var yaml in new[] { Saga, Bare, Slow })
        {
            await admin.DeployAsync(yaml);
        }

        const string Start = "/api/v1/workflows/{name}/executions";
        await run.CallAsync(admin, "POST", Start, ["greet"], body: ConformanceRun.Json("{}"), expect: 202);
        var done = await run.CallAsync(admin, "POST", Start, ["greet"], query: "?wait=30s", body: ConformanceRun.Json("""{"who": "Ada"}"""), expect: 200);
        await run.CallAsync(admin, "POST", Start, ["nosuch"], body: ConformanceRun.Json("{}"), expect: 404);
        await run.CallAsync(admin, "POST", Start, ["greet"], body: ConformanceRun.Json("""{"n": "x"}"""), expect: 422);
        await run.CallAsync(admin, "POST", Start, ["Bad Name"], body: ConformanceRun.Json("{}"), expect: 400);
        var id = done.Get("id");

        await run.CallAsync(admin, "GET", "/api/v1/executions", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/executions", query: "?status=nosuch", expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}", [id], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}/logs", [id], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}/logs", ["nosuch"], expect: 404);
        await run.CallAsync(admin, "GET", "/api/v1/executions/events", expect: 200, stream: true);
        await run.CallAsync(admin, "GET", "/api/v1/executions/events", query: "?status=nosuch", expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}/events", [id], expect: 200, stream: true);
        await run.CallAsync(admin, "GET", "/api/v1/executions/{id}/events", ["nosuch"], expect: 404);

        // Cancel: a finished run is a conflict; a run waiting on a delay stops at once.
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/cancel", [id], expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/cancel", ["nosuch"], expect: 404);
        var slow = await run.CallAsync(admin, "POST", Start, ["slow"], body: ConformanceRun.Json("{}"), expect: 202);
        await WaitForStatusAsync(admin, slow.Get("id"), "running");
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/cancel", [slow.Get("id")], expect: 200);

        // Retry: a succeeded run has nothing to retry; an unknown node is named; a failed run runs again.
        var failed = await run.CallAsync(admin, "POST", Start, ["bare"], query: "?wait=30s", body: ConformanceRun.Json("{}"), expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/retry", [id], expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/retry", [failed.Get("id")], query: "?from=nope", expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/retry", [failed.Get("id")], query: "?wait=30s", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/retry", [failed.Get("id")], expect: 202);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/retry", ["nosuch"], expect: 404);

        // Compensate: nothing to undo is a conflict; a saga's booking is undone.
        await WaitForStatusAsync(admin, failed.Get("id"), "failed");
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/compensate", [failed.Get("id")], expect: 409);
        var saga = await run.CallAsync(admin, "POST", Start, ["saga"], query: "?wait=30s", body: ConformanceRun.Json("{}"), expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/compensate", [saga.Get("id")], query: "?wait=30s", expect: 200);
        var saga2 = await run.CallAsync(admin, "POST", Start, ["saga"], query: "?wait=30s", body: ConformanceRun.Json("{}"), expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/compensate", [saga2.Get("id")], expect: 202);
        await run.CallAsync(admin, "POST", "/api/v1/executions/{id}/compensate", ["nosuch"], expect: 404);
    }

    private static string Hook(string name, string path) => $$"""
        name: {{name}}
        triggers:
          - { type: webhook, path: {{path}} }
        nodes:
          - { id: a, type: transform, with: { ok: true } }
        """;

    private static async Task WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var detail = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync($"/api/v1/executions/{Uri.EscapeDataString(id)}"));
            if (detail?["status"]?.GetValue<string>() == status)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"run {id} did not reach {status}");
    }
}
