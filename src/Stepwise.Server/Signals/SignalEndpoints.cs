using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;
using Stepwise.Hosting.Audit;
using Stepwise.Hosting.Signals;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;

namespace Stepwise.Server.Signals;

/// <summary>
/// Signals to waiting runs (approvals): send one (<c>POST /api/v1/executions/{id}/signals/{name}</c>), list a run's
/// waits and an organization's waiting runs, and the signed approve/reject links for people without a key. A
/// signal is stored, so whichever node receives it, the run resumes on whichever node claims it.
/// </summary>
internal static partial class SignalEndpoints
{
    public static IEndpointRouteBuilder MapSignalEndpoints(this IEndpointRouteBuilder routes)
    {
        var runs = routes.MapGroup("/api/v1/executions").WithTags("Signals");
        runs.MapPost("/{id}/signals/{name}", SendAsync).RequireRole(ApiKeyRole.Operator)
            .WithMetadata(new Docs.RequestBodyDoc("The signal's payload, a JSON object; an approval needs {\"approved\": bool}", "application/json"))
            .Produces<SignalSent>(StatusCodes.Status202Accepted)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Send a signal to a waiting run (an approval: {\"approved\": true, \"comment\": \"ok\"}); it resumes");
        runs.MapGet("/{id}/signals", ListForRunAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("The signals a run waits or waited for, with their answers");
        runs.MapGet("/{id}/signals/{name}/{decision}", ShowLinkAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("A signed approval link: a page that asks to confirm the decision (no API key; the token is the proof)");
        runs.MapPost("/{id}/signals/{name}/{decision}", UseLinkAsync)
            .Produces<string>(StatusCodes.Status200OK, "text/html")
            .Produces<ErrorEnvelope>(StatusCodes.Status403Forbidden)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Use a signed approval link: approves or rejects, once, the one wait it was made for");
        routes.MapGet("/api/v1/signals", ListAsync).WithTags("Signals").RequireRole(ApiKeyRole.Viewer)
            .AcceptsQuery("status", "workflow", "kind", "limit", "cursor")
            .WithSummary("Waiting runs: waits for signals oldest first (filters: status, workflow, kind; cursor pagination)");
        return routes;
    }

    private static async Task<Results<Accepted<SignalSent>, ErrorResult>> SendAsync(
        string id,
        string name,
        Caller caller,
        JsonObjectBody body,
        IExecutionStore store,
        ISignalStore signals,
        TimeProvider time,
        AuditTrail audit,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await ExecutionEndpoints.FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        if (CheckName(name) is { } badName)
        {
            return badName;
        }

        var wait = await signals.GetAsync(execution.Id, name, cancellationToken);
        if (wait?.Kind == Core.Actions.BuiltIn.ApprovalAction.Kind && CheckApproval(body.Value) is { } badApproval)
        {
            return badApproval;
        }

        var by = $"{caller.ActorType}:{caller.Id}";
        var delivery = await signals.SendAsync(caller.OrgId, execution.Id, name, body.Value, by, time.GetUtcNow(), cancellationToken);
        var logger = loggers.CreateLogger("Stepwise.Signals");
        var refusal = Refusal(delivery, execution.Id, name);
        await audit.RecordAsync(
            new AuditEntry(
                AuditActions.ExecutionSignal, "execution", execution.Id,
                refusal is null ? AuditOutcomes.Success : AuditOutcomes.Failure,
                refusal is null ? $"signal {name}" : $"signal {name}: {refusal.Message}"),
            CancellationToken.None);
        if (refusal is not null)
        {
            Log.SignalRefused(logger, execution.Id, name, refusal.Message);
            return refusal;
        }

        Log.SignalDelivered(logger, execution.Id, name, by);
        return TypedResults.Accepted(
            $"/api/v1/executions/{execution.Id}",
            new SignalSent(execution.Id, name, "delivered", Dto(delivery.Wait!)));
    }

    private static async Task<Results<Ok<SignalWaitList>, ErrorResult>> ListForRunAsync(
        string id, Caller caller, IExecutionStore store, ISignalStore signals, CancellationToken cancellationToken)
    {
        var (execution, error) = await ExecutionEndpoints.FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        var waits = await signals.ListForExecutionAsync(execution.Id, cancellationToken);
        return TypedResults.Ok(new SignalWaitList([.. waits.Select(Dto)], null));
    }

    private static async Task<Results<Ok<SignalWaitList>, ErrorResult>> ListAsync(
        Caller caller,
        ISignalStore signals,
        [FromQuery] string? status,
        [FromQuery] string? workflow,
        [FromQuery] string? kind,
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken)
    {
        SignalWaitStatus? statusFilter = SignalWaitStatus.Waiting;
        if (status is not null)
        {
            statusFilter = status switch
            {
                "waiting" => SignalWaitStatus.Waiting,
                "received" => SignalWaitStatus.Received,
                "timed_out" => SignalWaitStatus.TimedOut,
                "all" => null,
                _ => (SignalWaitStatus?)(SignalWaitStatus)(-1),
            };
            if (statusFilter is { } parsed && (int)parsed < 0)
            {
                return QueryValues.Bad("status", status, "waiting, received, timed_out or all");
            }
        }

        if (workflow is not null && !Names.IsWorkflowName(workflow))
        {
            return QueryValues.Bad("workflow", workflow, $"a workflow name: {Names.WorkflowNameRule}");
        }

        if (kind is not null && !Names.IsWorkflowName(kind))
        {
            return QueryValues.Bad("kind", kind, "a kind of wait, such as approval");
        }

        if (QueryValues.Limit(limit, out var pageSize) is { } badLimit)
        {
            return badLimit;
        }

        (DateTimeOffset Since, string Id, string Name)? after = null;
        if (cursor is not null)
        {
            after = DecodeCursor(cursor);
            if (after is null)
            {
                return QueryValues.Bad("cursor", cursor, "the next_cursor of a previous page");
            }
        }

        var waits = await signals.ListAsync(
            new SignalWaitQuery(
                caller.OrgId, statusFilter, workflow, kind, pageSize + 1, after?.Since, after?.Id, after?.Name),
            cancellationToken);
        var page = waits.Take(pageSize).ToList();
        var next = waits.Count > pageSize ? EncodeCursor(page[^1]) : null;
        return TypedResults.Ok(new SignalWaitList([.. page.Select(Dto)], next));
    }

    private static async Task<Results<ContentHttpResult, ErrorResult>> ShowLinkAsync(
        string id,
        string name,
        string decision,
        [FromQuery] string? token,
        IExecutionStore store,
        ISignalStore signals,
        ApprovalLinks links,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var (wait, error) = await CheckLinkAsync(id, name, decision, token, store, signals, links, loggers, cancellationToken);
        if (wait is null)
        {
            return error!;
        }

        return TypedResults.Content(ApprovalPage.Confirm(wait, decision, token!), "text/html; charset=utf-8");
    }

    private static async Task<Results<ContentHttpResult, ErrorResult>> UseLinkAsync(
        string id,
        string name,
        string decision,
        [FromQuery] string? token,
        HttpContext context,
        IExecutionStore store,
        ISignalStore signals,
        ApprovalLinks links,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        var (wait, error) = await CheckLinkAsync(id, name, decision, token, store, signals, links, loggers, cancellationToken);
        if (wait is null)
        {
            return error!;
        }

        string? comment = null;
        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(cancellationToken);
            comment = form["comment"].ToString() is { Length: > 0 } text ? text[..Math.Min(text.Length, 2000)] : null;
        }

        var payload = new JsonObject { ["approved"] = decision == "approve", ["comment"] = comment, ["via"] = "link" };
        var delivery = await signals.SendAsync(wait.OrgId, wait.ExecutionId, name, payload, "link", time.GetUtcNow(), cancellationToken);
        if (Refusal(delivery, wait.ExecutionId, name) is { } refusal)
        {
            return refusal;
        }

        Log.SignalDelivered(loggers.CreateLogger("Stepwise.Signals"), wait.ExecutionId, name, "link");
        return TypedResults.Content(ApprovalPage.Done(delivery.Wait!, decision), "text/html; charset=utf-8");
    }

    /// <summary>The wait a link is for, when its signature matches and the wait still waits; else the error.</summary>
    private static async Task<(SignalWait? Wait, ErrorResult? Error)> CheckLinkAsync(
        string id, string name, string decision, string? token, IExecutionStore store, ISignalStore signals,
        ApprovalLinks links, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (!ApprovalLinks.Decisions.Contains(decision))
        {
            return (null, ApiErrors.NotFound($"Unknown decision '{Names.Quote(decision)}': approval links end in /approve or /reject"));
        }

        id = ExecutionIds.FromRoute(id);
        if (!ExecutionIds.IsValid(id) || CheckName(name) is not null)
        {
            return (null, Denied());
        }

        var execution = await store.GetExecutionAsync(id, cancellationToken);
        if (execution is null || !links.Verify(execution.OrgId, execution.Id, name, decision, token))
        {
            Log.LinkRefused(loggers.CreateLogger("Stepwise.Signals"), id, name);
            return (null, Denied());
        }

        var wait = await signals.GetAsync(execution.Id, name, cancellationToken);
        if (wait is null)
        {
            return (null, Denied());
        }

        if (wait.Status != SignalWaitStatus.Waiting)
        {
            return (null, AlreadyAnswered(wait));
        }

        return execution.IsFinished
            ? (null, ApiErrors.Conflict($"Execution '{execution.Id}' has finished ({StatusText.ToText(execution.Status)}); nobody waits for '{name}' any more"))
            : (wait, null);
    }

    // One answer for a bad signature, an unknown run or a wait that does not exist: a link reveals nothing.
    private static ErrorResult Denied() =>
        ApiErrors.Forbidden("This approval link is not valid: it was not made by this server for this run and decision");

    private static ErrorResult AlreadyAnswered(SignalWait wait) => ApiErrors.Conflict(
        wait.Status == SignalWaitStatus.TimedOut
            ? $"The wait for '{wait.Name}' of execution '{wait.ExecutionId}' timed out at {wait.ResolvedAt:O}; it takes no more signals"
            : $"The wait for '{wait.Name}' of execution '{wait.ExecutionId}' was answered already (by {wait.SentBy} at {wait.ResolvedAt:O})",
        new JsonObject { ["status"] = StatusName(wait.Status), ["sent_by"] = wait.SentBy });

    private static ErrorResult? Refusal(SignalDelivery delivery, string executionId, string name) => delivery.Status switch
    {
        SignalDeliveryStatus.Delivered => null,
        SignalDeliveryStatus.ExecutionNotFound => ExecutionEndpoints.NotFound(executionId),
        SignalDeliveryStatus.NotWaiting => ApiErrors.Conflict(
            $"Execution '{executionId}' is not waiting for signal '{name}': signals are named after the approval node (or the WaitForSignalAsync call) that waits, and accepted once it waits"),
        SignalDeliveryStatus.AlreadyResolved => AlreadyAnswered(delivery.Wait!),
        _ => ApiErrors.Conflict($"Execution '{executionId}' has finished; nobody waits for '{name}' any more"),
    };

    private static ErrorResult? CheckName(string name) =>
        SignalName().IsMatch(name)
            ? null
            : ApiErrors.BadRequest($"Invalid signal name '{Names.Quote(name)}': a signal is named after a node id ([a-z0-9_], 1 to 64 characters)");

    private static ErrorResult? CheckApproval(JsonObject body)
    {
        var problems = new List<string>();
        if (body["approved"]?.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
        {
            problems.Add("approved: required, true or false");
        }

        if (body["comment"] is { } comment && comment.GetValueKind() != JsonValueKind.String)
        {
            problems.Add("comment: must be a string");
        }

        return problems.Count == 0 ? null : ApiErrors.Validation(problems);
    }

    private static SignalWaitDto Dto(SignalWait wait) => new(
        wait.ExecutionId, wait.Name, wait.Workflow, wait.Kind, StatusName(wait.Status), wait.WaitingSince, wait.DueAt,
        wait.Details, wait.Payload, wait.SentBy, wait.ResolvedAt);

    private static string StatusName(SignalWaitStatus status) => status switch
    {
        SignalWaitStatus.Waiting => "waiting",
        SignalWaitStatus.Received => "received",
        _ => "timed_out",
    };

    private static string EncodeCursor(SignalWait last) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            string.Create(CultureInfo.InvariantCulture, $"{last.WaitingSince.ToUnixTimeMilliseconds()}:{last.ExecutionId}:{last.Name}")));

    private static (DateTimeOffset, string, string)? DecodeCursor(string text)
    {
        if (text.Length is 0 or > 256 || !Base64Url.IsValid(text))
        {
            return null;
        }

        var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split(':');
        return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ExecutionIds.IsValid(parts[1]) && SignalName().IsMatch(parts[2])
            ? (DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[1], parts[2])
            : null;
    }

    [GeneratedRegex("^[a-z0-9_]{1,64}$")]
    private static partial Regex SignalName();
}
