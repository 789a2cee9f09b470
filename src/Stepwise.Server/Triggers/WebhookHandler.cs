using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
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
    EngineHost engines,
    ExecutionWorker worker,
    ServerOptions options,
    TimeProvider time,
    IServiceProvider services,
    ILogger<WebhookHandler> logger)
{
    /// <summary>A sync webhook waits for the run's timeout plus this, at most <see cref="MaxSyncWait"/>; then 202.</summary>
    public static readonly TimeSpan SyncWaitMargin = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan MaxSyncWait = TimeSpan.FromMinutes(5);

    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private readonly IRunEnvironmentProvider? environments = services.GetService<IRunEnvironmentProvider>();

    public async Task HandleAsync(HttpContext context, string orgId, string? path)
    {
        if (path is null || !table.TryGetWebhook(orgId, path, out var route))
        {
            await ErrorWriter.WriteAsync(
                context, StatusCodes.Status404NotFound, ErrorCodes.NotFound,
                $"Webhook '{Names.Quote(orgId)}/{Names.Quote(path)}' not found");
            return;
        }

        JsonObject parameters;
        using (var body = await WebhookBody.ReadAsync(context, options.MaxRequestBodyBytes))
        {
            if (route.Secret is { } secret && !await IsSignedAsync(context, route, secret, body))
            {
                return;
            }

            parameters = ReadParams(context, body.Span, options.MaxJsonDepth);
        }

        var workflow = route.Workflow;
        var validated = ParamValidator.Validate(workflow.Definition.Params, parameters);
        if (!validated.IsValid)
        {
            await ApiErrors.Validation(validated.Errors).ExecuteAsync(context);
            return;
        }

        var run = new RunOptions { OrgId = workflow.OrgId, Trigger = WebhookTriggerInfo.From(context.Request, route) };
        var wait = workflow.Definition.Timeout + SyncWaitMargin;
        wait = wait < MaxSyncWait ? wait : MaxSyncWait;
        if (route.RespondsWithOutput && worker.TryReserveSlot())
        {
            await RunNowAsync(context, workflow, validated.Values, run, wait);
            return;
        }

        var execution = await engines.Engine.CreateExecutionAsync(workflow.Resolved, validated.Values, run, context.RequestAborted);
        await AuditStartAsync(execution);
        if (!route.RespondsWithOutput)
        {
            worker.Enqueue(execution, workflow.Resolved);
            await AcceptedAsync(context, execution);
            return;
        }

        // Every slot is busy: the run waits its turn in the queue, by priority, and this request waits for it.
        var finishing = worker.WaitForFinishAsync(execution.Id, wait, context.RequestAborted, known: execution);
        worker.Enqueue(execution, workflow.Resolved);
        await AnswerAsync(context, await finishing ?? execution);
    }

    /// <summary>
    /// A sync webhook with a free slot: the run is created claimed by this process and run at once, so it costs two
    /// commits in all (created, finished) and the answer goes out as soon as the second is durable.
    /// </summary>
    private async Task RunNowAsync(HttpContext context, DeployedWorkflow workflow, JsonObject parameters, RunOptions run, TimeSpan wait)
    {
        ExecutionRecord execution;
        try
        {
            execution = await engines.Engine.CreateExecutionAsync(
                workflow.Resolved, parameters, run with { RunHere = true }, context.RequestAborted);
        }
        catch
        {
            worker.ReleaseReservedSlot();
            throw;
        }

        var running = worker.RunOnReservedSlotAsync(execution, workflow.Resolved);
        await AuditStartAsync(execution);
        ExecutionRecord? finished;
        try
        {
            finished = await running.WaitAsync(wait, time, context.RequestAborted);
        }
        catch (TimeoutException)
        {
            finished = null;
        }

        await AnswerAsync(context, finished ?? execution);
    }

    private async Task<bool> IsSignedAsync(HttpContext context, WebhookRoute route, WebhookSecret secret, WebhookBody body)
    {
        var (key, problem) = await secret.GetKeyAsync(route.Workflow, environments, time, context.RequestAborted);
        if (key is null)
        {
            Log.SecretUnavailable(logger, route.OrgId, route.Path, route.Workflow.Name, problem ?? "unknown");
            await InvalidSignatureAsync(context, null);
            return false;
        }

        var check = WebhookSignature.Verify(context.Request.Headers[WebhookSignature.HeaderName], key, body.Span);
        if (check == SignatureCheck.Valid)
        {
            return true;
        }

        var reason = WebhookSignature.Describe(check);
        Log.WebhookRejected(logger, route.OrgId, route.Path, route.Workflow.Name, reason);
        await InvalidSignatureAsync(context, reason);
        return false;
    }

    private static Task InvalidSignatureAsync(HttpContext context, string? reason) =>
        ErrorWriter.WriteAsync(
            context, StatusCodes.Status401Unauthorized, ErrorCodes.Unauthorized, "Invalid webhook signature",
            reason is null ? null : new JsonObject
            {
                ["reason"] = reason,
                ["hint"] = $"Send {WebhookSignature.HeaderName}: {WebhookSignature.Scheme}<hex HMAC-SHA256 of the raw body under the webhook's secret>.",
            });

    private static JsonObject ReadParams(HttpContext context, ReadOnlySpan<byte> body, int maxDepth)
    {
        if (body.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return [];
        }

        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !MediaTypes.IsJson(contentType))
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                ExceptionResponses.UnsupportedContentType(context));
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, null, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException error)
        {
            var message = error.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? $"Malformed JSON: nested deeper than {maxDepth} levels"
                : ExceptionResponses.MalformedJson(error);
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message, ExceptionResponses.JsonPosition(error));
        }

        return node switch
        {
            JsonObject values => values,
            null => [],
            _ => throw new ApiException(
                StatusCodes.Status422UnprocessableEntity,
                ErrorCodes.ValidationError,
                $"The request body must be a JSON object of parameters, not {(node is JsonArray ? "an array" : "a " + node.GetValueKind().ToString().ToLowerInvariant())}"),
        };
    }

    private static Task AcceptedAsync(HttpContext context, ExecutionRecord execution) =>
        TypedResults.Accepted(
            $"/api/v1/executions/{execution.Id}",
            new ExecutionAccepted(execution.Id, StatusText.ToText(execution.Status), execution.Workflow, execution.Version))
        .ExecuteAsync(context);

    /// <summary>
    /// 200 with the output; a run that did not succeed answers with the envelope (500 failed, 504 timed out, 409
    /// cancelled) naming the run; one still going when the wait ended answers 202 like an async webhook.
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
            return context.Response.WriteAsJsonAsync(execution.Output, ApiJson.Context.JsonNode, cancellationToken: context.RequestAborted);
        }

        var details = new JsonObject
        {
            ["execution_id"] = execution.Id,
            ["status"] = StatusText.ToText(execution.Status),
            ["error"] = execution.Error,
        };
        var (status, code, message) = execution.Status switch
        {
            ExecutionStatus.TimedOut => (StatusCodes.Status504GatewayTimeout, ErrorCodes.InternalError, $"Execution '{execution.Id}' timed out: {execution.Error}"),
            ExecutionStatus.Cancelled => (StatusCodes.Status409Conflict, ErrorCodes.Conflict, $"Execution '{execution.Id}' was cancelled"),
            _ => (StatusCodes.Status500InternalServerError, ErrorCodes.InternalError, $"Execution '{execution.Id}' {StatusText.ToText(execution.Status)}: {execution.Error}"),
        };
        return ErrorWriter.WriteAsync(context, status, code, message, details);
    }

    /// <summary>Webhook runs are audited like API starts; the request's address and id come with the entry.</summary>
    private Task AuditStartAsync(ExecutionRecord execution) =>
        services.GetRequiredService<AuditTrail>().RecordAsync(
            new AuditEntry(
                AuditActions.ExecutionStart, "execution", execution.Id,
                Detail: $"{execution.Workflow} v{execution.Version} (webhook)")
            {
                OrgId = execution.OrgId,
                ActorType = "webhook",
            },
            CancellationToken.None);
}
