using System.Text.Json.Nodes;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private static async Task WebhookAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        using var anonymous = host.Client(key: null);
        using (var secret = await admin.PutAsync("/api/v1/secrets/hook_secret", Api.Json("""{"value": "s3cret-value"}""")))
        {
            secret.EnsureSuccessStatusCode();
        }

        await admin.DeployAsync("""
            name: hook_sync
            params: [{ name: n, type: int, default: 1 }]
            triggers: [{ type: webhook, path: sync, respond: sync }]
            nodes: [{ id: a, type: transform, with: { n: "${{ params.n }}" } }]
            """);
        await admin.DeployAsync("""
            name: hook_fails
            triggers: [{ type: webhook, path: fails, respond: sync }]
            nodes: [{ id: a, type: fail, with: { message: broken } }]
            """);
        await admin.DeployAsync("""
            name: hook_late
            timeout: 1s
            triggers: [{ type: webhook, path: late, respond: sync }]
            nodes: [{ id: a, type: delay, with: { duration: 1m } }]
            """);
        await admin.DeployAsync("""
            name: hook_stopped
            triggers: [{ type: webhook, path: stopped, respond: sync }]
            nodes: [{ id: a, type: delay, with: { duration: 10m } }]
            """);
        await admin.DeployAsync("""
            name: hook_signed
            triggers: [{ type: webhook, path: signed, secret: "${{ secrets.hook_secret }}" }]
            nodes: [{ id: a, type: transform, with: { ok: true } }]
            """);
        await admin.DeployAsync("""
            name: hook_fenced
            triggers: [{ type: webhook, path: fenced, allow_ips: [10.0.0.0/8] }]
            nodes: [{ id: a, type: transform, with: { ok: true } }]
            """);

        const string Hook = "/hooks/{org}/{path}";
        await run.CallAsync(anonymous, "POST", Hook, ["default", "shared"], body: ConformanceRun.Json("""{"a": 1}"""), expect: 202);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "sync"], body: ConformanceRun.Json("""{"n": 2}"""), expect: 200);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "sync"], body: ConformanceRun.Json("""{"n": "x"}"""), expect: 422);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "sync"], body: ConformanceRun.Json("""{"n": """), expect: 400);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "sync"], body: ConformanceRun.Json("[" + new string(' ', 70 * 1024) + "]"), expect: 413, configure: r => r.Headers.ConnectionClose = true);
        var multipart = ConformanceRun.Json("--x--");
        multipart.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("multipart/form-data; boundary=x");
        await run.CallAsync(anonymous, "POST", Hook, ["default", "sync"], body: multipart, expect: 415);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "fails"], body: ConformanceRun.Json("{}"), expect: 502);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "late"], body: ConformanceRun.Json("{}"), expect: 504);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "signed"], body: ConformanceRun.Json("{}"), expect: 401);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "fenced"], body: ConformanceRun.Json("{}"), expect: 403);
        await run.CallAsync(anonymous, "POST", Hook, ["default", "nosuch"], body: ConformanceRun.Json("{}"), expect: 404);

        // A sync webhook whose run is cancelled while the sender waits.
        var waiting = run.CallAsync(anonymous, "POST", Hook, ["default", "stopped"], body: ConformanceRun.Json("{}"), expect: 409);
        var id = await WaitForRunningAsync(admin, "hook_stopped");
        using (var cancel = await admin.PostAsync($"/api/v1/executions/{id}/cancel", null))
        {
            cancel.EnsureSuccessStatusCode();
        }

        await waiting;
    }

    private static async Task<string> WaitForRunningAsync(HttpClient admin, string workflow)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            var items = JsonNode.Parse(await admin.GetStringAsync($"/api/v1/executions?workflow={workflow}&status=running"))!["items"]!.AsArray();
            if (items.Count > 0)
            {
                return items[0]!["id"]!.GetValue<string>();
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no run of {workflow} started");
    }
}
