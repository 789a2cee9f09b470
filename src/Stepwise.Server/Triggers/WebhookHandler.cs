using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Hosting;
using Stepwise.Server.Http;
using Stepwise.Server.Json;

namespace Stepwise.Server.Triggers;

/// <summary>
/// <c>POST /hooks/{org}/{path}</c>, the hottest path of the server. The route comes from the in-memory
/// <see cref="TriggerTable"/> with its definition compiled at deploy time; the body is read once as bytes, checked
/// against <c>X-Signature</c> when the trigger has a secret, parsed, and validated as the run's params. The one
/// database write is the run's own (created, claimed and run by this process without reading it back). Async
/// webhooks answer 202 with the run's id once it is durable; sync ones answer 200 with the output once the run's
/// final state is durable.
/// </summary>
internal sealed class WebhookHandler(
    TriggerTable table,
    RunStarter starter,
    ServerOptions options,
    TriggerOptions triggerOptions,
    TimeProvider time,
    IServiceProvider services,
    ILogger<WebhookHandler> logger)
{
    /// <summary>A sync webhook waits for the run's timeout plus this, at most <see cref="MaxSyncWait"/>; then 202.</summary>
    public static readonly TimeSpan SyncWaitMargin = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxSyncWait = TimeSpan.FromMinutes(5);

    private readonly IRunEnvironmentProvider? _environments = services.GetService<IRunEnvironmentProvider>();

    public async Task HandleAsync(HttpContext context, string orgId, string? path)
    {
        if (path is null || !table.TryGetWebhook(orgId, path, out var route))
        {
            await ErrorWriter.WriteAsync(
                context, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                $"Webhook '{Names.Quote(orgId)}/{Names.Quote(path)}' not found");
            return;
        }

        if (route.Trigger.AllowIps.Count > 0 && !await IsAllowedAsync(context, route))
        {
            return;
        }

        WebhookPayload payload;
        using (var body = await WebhookBody.ReadAsync(context, options.MaxRequestBodyBytes))
        {
            if (route.Secret is { } secret && !await IsSignedAsync(context, route, secret, body))
            {
                return;
            }

            payload = WebhookPayload.Read(context, body.Span, options.MaxJsonDepth);
        }

        var workflow = route.Workflow;
        var wait = workflow.Definition.Timeout + SyncWaitMargin;

        // The body's fields are the params, read in place: those that are not declared are the run's trigger.body only
        // (senders post whole events), and validation makes new nodes of the declared ones.
        var request = new RunRequest(workflow.OrgId, workflow.Resolved, payload.Fields, WebhookTriggerInfo.From(context.Request, route, payload))
        {
            UndeclaredParamsIgnored = true,
            Wait = route.RespondsWithOutput ? (wait < MaxSyncWait ? wait : MaxSyncWait) : null,

            // A sync webhook answers only with the run's outcome, after the commit that wrote it.
            WriteWhenFinished = route.RespondsWithOutput,
            ActorType = "webhook",
        };
        var started = await starter.StartAsync(request, context.RequestAborted);
        if (started.Execution is not { } execution)
        {
            await ApiErrors.Validation(started.Errors).ExecuteAsync(context);
            return;
        }

        if (route.RespondsWithOutput)
        {
            if (execution.Status == ExecutionStatus.Succeeded && route.Trigger.Response is { } response)
            {
                await RespondAsync(context, route, response, execution);
                return;
            }

            await AnswerAsync(context, execution);
            return;
        }

        await AcceptedAsync(context, execution);
    }

    private async Task<bool> IsAllowedAsync(HttpContext context, WebhookRoute route)
    {
        var client = WebhookClientAddress.Resolve(context, triggerOptions.TrustedProxies);
        if (client is not null && Stepwise.Core.Definitions.IpRanges.Contains(route.Trigger.AllowIps, client))
        {
            return true;
        }

        var shown = client?.ToString() ?? "an unknown address";
        Log.AddressRefused(logger, route.OrgId, route.Path, route.Workflow.Name, shown);
        await ErrorWriter.WriteAsync(
            context, StatusCodes.Status403Forbidden, ErrorCodes.Forbidden,
            $"Webhook '{route.OrgId}/{route.Path}' does not accept requests from {shown}",
            new JsonObject { ["client_ip"] = client?.ToString() });
        return false;
    }

    /// <summary>
    /// The trigger's <c>response</c> over the finished run: <c>status</c> (default 200), <c>headers</c> and
    /// <c>body</c> (a string is sent as text, anything else as JSON, unless a Content-Type header says otherwise). A
    /// response that cannot be built is the workflow's fault: 502 <c>EXECUTION_FAILED</c> naming the problem.
    /// </summary>
    private async Task RespondAsync(HttpContext context, WebhookRoute route, ValueTemplate response, ExecutionRecord execution)
    {
        context.Response.Headers["X-Execution-Id"] = execution.Id;
        var steps = await services.GetRequiredService<IExecutionStore>().GetStepsAsync(execution.Id, context.RequestAborted);
        var environment = _environments is null ? null : await _environments.GetAsync(execution, context.RequestAborted);
        var scope = new EvaluationScope
        {
            Params = execution.Params,
            Nodes = new FinishedNodeOutputs(steps),
            Execution = new JsonObject
            {
                ["id"] = execution.Id,
                ["workflow"] = execution.Workflow,
                ["version"] = execution.Version,
                ["started_at"] = execution.StartedAt,
            },
            Org = new JsonObject { ["id"] = execution.OrgId, ["name"] = environment?.OrgName ?? execution.OrgId },
            Trigger = execution.Trigger,
            Config = environment?.Config,
            Time = time,
        };
        var built = WebhookReply.Build(response.Evaluate(scope));
        if (built.Problem is { } problem)
        {
            Log.ResponseFailed(logger, route.OrgId, route.Path, execution.Id, problem);
            await ErrorWriter.WriteAsync(
                context, StatusCodes.Status502BadGateway, ErrorCodes.ExecutionFailed,
                $"Execution '{execution.Id}' succeeded, but the webhook's response could not be built: {problem}",
                new JsonObject { ["execution_id"] = execution.Id, ["status"] = "succeeded", ["error"] = problem });
            return;
        }

        await built.Reply!.WriteAsync(context);
    }

    private async Task<bool> IsSignedAsync(HttpContext context, WebhookRoute route, WebhookSecret secret, WebhookBody body)
    {
        var (key, problem) = await secret.GetKeyAsync(route.Workflow, _environments, time, context.RequestAborted);
        if (key is null)
        {
            Log.SecretUnavailable(logger, route.OrgId, route.Path, route.Workflow.Name, problem ?? "unknown");
            await InvalidSignatureAsync(context, null);
            return false;
        }

        var scheme = route.Trigger.Signature ?? WebhookSignatureScheme.Default;
        var check = WebhookSignature.Verify(scheme, context.Request.Headers, key, body.Span, time.GetUtcNow());
        if (check == SignatureCheck.Valid)
        {
            return true;
        }

        var reason = WebhookSignature.Describe(scheme, check);
        Log.WebhookRejected(logger, route.OrgId, route.Path, route.Workflow.Name, reason);
        await InvalidSignatureAsync(context, new JsonObject
        {
            ["reason"] = reason,
            ["hint"] = WebhookSignature.Hint(scheme),
        });
        return false;
    }

    private static Task InvalidSignatureAsync(HttpContext context, JsonObject? details) =>
        ErrorWriter.WriteAsync(context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Invalid webhook signature", details);

    private static Task AcceptedAsync(HttpContext context, ExecutionRecord execution) =>
        TypedResults.Accepted(
            $"/api/v1/executions/{execution.Id}",
            new ExecutionAccepted(execution.Id, StatusText.ToText(execution.Status), execution.Workflow, execution.Version))
        .ExecuteAsync(context);

    /// <summary>
    /// 200 with the output; a run that did not succeed answers with the envelope naming the run: 502
    /// <c>EXECUTION_FAILED</c> (the workflow failed, not the server: INTERNAL_ERROR stays for server faults), 504
    /// <c>EXECUTION_TIMED_OUT</c>, 409 cancelled. The error is the run's stored one, where secrets are already masked.
    /// One still going when the wait ended answers 202 like an async webhook.
    /// </summary>
    private static Task AnswerAsync(HttpContext context, ExecutionRecord execution)
    {
        context.Response.Headers["X-Execution-Id"] = execution.Id;
        if (!execution.IsFinished)
        {
            return AcceptedAsync(context, execution);
        }

        if (execution.Status == ExecutionStatus.Succeeded)
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return JsonResponse.WriteAsync(context.Response, execution.Output, ApiJson.Context.JsonNode, context.RequestAborted);
        }

        var details = new JsonObject
        {
            ["execution_id"] = execution.Id,
            ["status"] = StatusText.ToText(execution.Status),
            ["error"] = execution.Error,
        };
        var (status, code, message) = execution.Status switch
        {
            ExecutionStatus.TimedOut => (StatusCodes.Status504GatewayTimeout, ErrorCodes.ExecutionTimedOut, $"Execution '{execution.Id}' timed out: {execution.Error}"),
            ExecutionStatus.Cancelled => (StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"Execution '{execution.Id}' was cancelled"),
            _ => (StatusCodes.Status502BadGateway, ErrorCodes.ExecutionFailed, $"Execution '{execution.Id}' {StatusText.ToText(execution.Status)}: {execution.Error}"),
        };
        return ErrorWriter.WriteAsync(context, status, code, message, details);
    }
}
