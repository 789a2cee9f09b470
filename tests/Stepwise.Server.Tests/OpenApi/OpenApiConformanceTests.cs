using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.OpenApi;

/// <summary>
/// The OpenAPI document against real answers over HTTP on 127.0.0.1: every operation of the document is called
/// for its success and for each error it documents, and every answer must be documented (status, content type,
/// body by the response's JSON schema, checked with JsonSchema.Net). The answers the pipeline gives every
/// operation (400, 401, 403, 404 of authentication, 413, 415 and 400 of a body, 422 of a strict query string,
/// 429) are produced for all operations from the document itself; the rest by the scenario in the partial files.
/// Problems are collected, so one run names them all.
/// </summary>
[Collection(Diagnostics.RuntimeProfileCollection.Name)]
public sealed partial class OpenApiConformanceTests
{
    /// <summary>
    /// Documented answers this test does not produce, each with why. Everything else the document lists must
    /// happen.
    /// </summary>
    private static readonly Dictionary<string, string> NotProduced = new(StringComparer.Ordinal)
    {
        ["GET /health 503"] = "needs the database to fail its health check (HealthTests break it on purpose)",
        ["GET /debug/profile/cpu 409"] = "needs a second profile while one runs (ProfileEndpointTests times one against another)",
        ["GET /debug/profile/heap 409"] = "needs a second profile while one runs (ProfileEndpointTests)",
        ["GET /debug/threads 409"] = "needs a second profile while one runs (ProfileEndpointTests)",
        ["GET /debug/profile/cpu 503"] = "needs the diagnostic port switched off (DOTNET_EnableDiagnostics=0) for the whole process",
        ["GET /debug/profile/heap 503"] = "needs the diagnostic port switched off for the whole process",
        ["GET /debug/threads 503"] = "needs the diagnostic port switched off for the whole process",
        ["HEAD /health 503"] = "needs the database to fail its health check",
        ["GET /health/ready 503"] = "needs the database to be unreachable (HealthTests)",
        ["HEAD /health/ready 503"] = "needs the database to be unreachable",
        ["GET /health/detailed 503"] = "needs the database to fail its health check",
        ["HEAD /health/detailed 503"] = "needs the database to fail its health check",
        ["GET /api/v1/data-providers/{name} 200"] = "needs a compiled code workspace with a data provider (WorkspaceTests)",
        ["POST /api/v1/executions/{id}/cancel 202"] = "needs a run still stopping 10 s after the request; this node cancels steps in flight at once",
        ["DELETE /api/v1/admin/jobs/{id} 202"] = "needs a run still stopping 10 s after the request; this node cancels steps in flight at once",
    };

    [Fact]
    public async Task EveryOperation_AnswersOnlyAsDocumented_AndEveryDocumentedAnswerIsProduced()
    {
        await using var host = await KestrelHost.StartAsync(new Dictionary<string, string?>
        {
            ["STEPWISE_RATE_LIMIT_PER_KEY"] = "off",
            ["STEPWISE_RATE_LIMIT_PER_IP"] = "off",
            ["STEPWISE_MAX_BODY"] = "64KB",
            ["STEPWISE_RECOVERY_POLL"] = "100ms",
        });
        using var admin = host.Client();
        var document = JsonNode.Parse(await admin.GetStringAsync("/openapi/v1.json"))!.AsObject();
        var run = new ConformanceRun(new OpenApiContract(document));

        await StepAsync(run, "credentials", () => CredentialAnswersAsync(host, run));
        await StepAsync(run, "bodies and query strings", () => RequestShapeAnswersAsync(host, run));
        await StepAsync(run, "health and documents", () => HealthAnswersAsync(host, run));
        await StepAsync(run, "workflows", () => WorkflowAnswersAsync(host, run));
        await StepAsync(run, "runs", () => RunAnswersAsync(host, run));
        await StepAsync(run, "signals", () => SignalAnswersAsync(host, run));
        await StepAsync(run, "webhooks", () => WebhookAnswersAsync(host, run));
        await StepAsync(run, "administration", () => AdministrationAnswersAsync(host, run));
        await StepAsync(run, "sign-in", () => SignInAnswersAsync(host, run));
        await StepAsync(run, "secrets and configuration", () => SettingAnswersAsync(host, run));
        await StepAsync(run, "oauth", () => OAuthAnswersAsync(host, run));
        await StepAsync(run, "records", () => RecordAnswersAsync(host, run));
        await StepAsync(run, "queue", () => QueueAnswersAsync(host, run));
        await StepAsync(run, "rate limits", () => RateLimitAnswersAsync(run));

        foreach (var (method, template, operationId, status) in run.Contract.Answers())
        {
            var key = ConformanceRun.Key(method, template, status);
            if (!run.WasSeen(method, template, status) && !NotProduced.ContainsKey(key))
            {
                run.Problem($"{key} ({operationId}) is documented but the test never produced it");
            }
        }

        Assert.True(run.Problems.Count == 0, $"{run.Problems.Count} problems:\n" + string.Join("\n", run.Problems));
    }

    private static async Task StepAsync(ConformanceRun run, string name, Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            run.Problem($"{name}: the scenario broke: {exception}");
        }
    }

    /// <summary>
    /// What authentication answers before any handler runs, for every operation that needs a credential: none
    /// (401), a key of an inactive organization (403), a platform admin naming an unknown organization (404) or a
    /// malformed one (400).
    /// </summary>
    private static async Task CredentialAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        var organizations = host.Services.GetRequiredService<IOrganizationStore>();
        await organizations.EnsureAsync(new OrganizationRecord("dormant", "Dormant", true, TimeProvider.System.GetUtcNow()));
        var dormantKey = await host.CreateKeyAsync("dormant", ApiKeyRole.Admin);
        await organizations.SetActiveAsync("dormant", false);
        using var anonymous = host.Client(key: null);
        using var dormant = host.Client(dormantKey);
        using var admin = host.Client();
        foreach (var (method, template) in Operations(run))
        {
            if (!NeedsCredential(run, method, template))
            {
                continue;
            }

            await run.CallAsync(anonymous, method, template, expect: 401);
            await run.CallAsync(dormant, method, template, expect: 403);
            await run.CallAsync(admin, method, template, expect: 404, configure: r => r.Headers.Add("X-Organization-Id", "nosuchorg"));
            await run.CallAsync(admin, method, template, expect: 400, configure: r => r.Headers.Add("X-Organization-Id", "Not An Org!"));
        }
    }

    /// <summary>
    /// The answers of a request's shape: a body over the limit (413), of a type the operation does not read (415),
    /// malformed JSON (400), and an unknown query parameter where the query string is strict (422).
    /// </summary>
    private static async Task RequestShapeAnswersAsync(KestrelHost host, ConformanceRun run)
    {
        using var admin = host.Client();
        foreach (var (method, template) in Operations(run))
        {
            var operation = run.Contract.Operation(method, template)!;
            var responses = operation["responses"]!.AsObject();
            // A webhook looks its trigger up before it reads the body; WebhookAnswersAsync sends bodies to real ones.
            if (operation["requestBody"] is not null && !template.StartsWith("/hooks/", StringComparison.Ordinal))
            {
                // The server stops reading a body over the limit and closes the connection: this request is its last.
                await run.CallAsync(admin, method, template, body: ConformanceRun.Json("[" + new string(' ', 70 * 1024) + "]"), expect: 413, configure: r => r.Headers.ConnectionClose = true);
                await run.CallAsync(admin, method, template, body: ConformanceRun.Json("<x/>", "application/vnd.unknown"), expect: 415);
                await run.CallAsync(admin, method, template, body: ConformanceRun.Json("{\"a\": "), expect: 400);
            }

            if (responses.ContainsKey("422") && NeedsCredential(run, method, template) && operation["requestBody"] is null)
            {
                await run.CallAsync(admin, method, template, query: "?no_such_parameter=1");
            }
        }
    }

    private static IEnumerable<(string Method, string Template)> Operations(ConformanceRun run) =>
        run.Contract.Answers().Select(a => (a.Method, a.Template)).Distinct();

    private static bool NeedsCredential(ConformanceRun run, string method, string template) =>
        run.Contract.Operation(method, template)!["security"] is JsonArray { Count: > 0 };
}
