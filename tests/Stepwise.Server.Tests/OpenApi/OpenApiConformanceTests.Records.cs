using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

public sealed partial class OpenApiConformanceTests
{
    private static async Task RecordAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        const string Record = """{"source": "shop", "category": "orders", "payload": {"who": "Ada"}}""";
        const string Processor = "/api/v1/records/processors/{category}";
        await run.CallAsync(admin, "PUT", Processor, ["orders"], body: ConformanceRun.Json("""{"workflow": "greet"}"""), expect: 200);
        await run.CallAsync(admin, "PUT", Processor, ["orders"], body: ConformanceRun.Json("""{"workflow": "nosuch"}"""), expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/records/processors", expect: 200);

        var record = await run.CallAsync(admin, "POST", "/api/v1/records", body: ConformanceRun.Json(Record), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/records", body: ConformanceRun.Json("""{"source": ""}"""), expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/records/batch", body: ConformanceRun.Json($$"""{"records": [{{Record}}, {{Record}}]}"""), expect: 201);
        await run.CallAsync(admin, "POST", "/api/v1/records/batch", body: ConformanceRun.Json("""{"records": [{}]}"""), expect: 422);
        await run.CallAsync(admin, "GET", "/api/v1/records", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/records", query: "?sort_by=invalid", expect: 422);
        var id = record.Get("id");
        await run.CallAsync(admin, "GET", "/api/v1/records/{id}", [id], expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/records/{id}", ["999999"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/records/{id}/reprocess", [id], expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/records/{id}/process", [id], query: "?wait=30s", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/records/{id}/process", [id], expect: 409);
        await run.CallAsync(admin, "POST", "/api/v1/records/{id}/reprocess", [id], query: "?wait=30s", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/records/{id}/process", ["999999"], expect: 404);
        await run.CallAsync(admin, "POST", "/api/v1/records/{id}/reprocess", ["999999"], expect: 404);
        await run.CallAsync(admin, "DELETE", Processor, ["orders"], expect: 204);
        await run.CallAsync(admin, "DELETE", Processor, ["orders"], expect: 404);
    }

    private static async Task QueueAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        await run.CallAsync(admin, "GET", "/api/v1/admin/jobs", expect: 200);
        await run.CallAsync(admin, "GET", "/api/v1/admin/jobs", query: "?status=nosuch", expect: 422);
        var slow = await run.CallAsync(admin, "POST", "/api/v1/workflows/{name}/executions", ["slow"], body: ConformanceRun.Json("{}"), expect: 202);
        await WaitForStatusAsync(admin, slow.Get("id"), "running");
        await run.CallAsync(admin, "DELETE", "/api/v1/admin/jobs/{id}", [slow.Get("id")], expect: 200);
        await run.CallAsync(admin, "DELETE", "/api/v1/admin/jobs/{id}", [slow.Get("id")], expect: 409);
        await run.CallAsync(admin, "DELETE", "/api/v1/admin/jobs/{id}", ["nosuch"], expect: 404);

        await run.CallAsync(admin, "POST", "/api/v1/admin/jobs/purge", query: "?status=failed&older_than=0s", expect: 200);
        await run.CallAsync(admin, "POST", "/api/v1/admin/jobs/purge", query: "?status=pending&older_than=1h", expect: 422);
        await run.CallAsync(admin, "POST", "/api/v1/admin/jobs/purge", expect: 400);
    }

    /// <summary>
    /// Every rate-limited operation answers 429 once its budget is spent: a key's for operations that need a
    /// credential, the client address's for open ones.
    /// </summary>
    private static async Task RateLimitAnswersAsync(ConformanceRun run)
    {
        await using var limited = await KestrelHost.StartAsync(new Dictionary<string, string?>
        {
            ["STEPWISE_RATE_LIMIT_PER_KEY"] = "1/h",
            ["STEPWISE_RATE_LIMIT_PER_IP"] = "1/h",
        });
        using var keyed = limited.Client();
        using var open = limited.Client(key: null, localAddress: "127.0.0.7");
        (await keyed.GetAsync("/api/v1/me")).Dispose();
        (await open.GetAsync("/docs")).Dispose();
        foreach (var (method, template) in Operations(run))
        {
            if (run.Contract.Operation(method, template)!["responses"]?["429"] is null)
            {
                continue;
            }

            await run.CallAsync(NeedsCredential(run, method, template) ? keyed : open, method, template, expect: 429);
        }
    }
}
