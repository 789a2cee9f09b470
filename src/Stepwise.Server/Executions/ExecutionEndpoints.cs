using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Executions;

/// <summary>
/// Runs: start one (<c>POST /api/v1/workflows/{name}/executions</c>), list, show with steps and attempts, logs, and
/// control (cancel, retry, compensate). Everything is scoped to the caller's organization.
/// </summary>
internal static partial class ExecutionEndpoints
{
    public static IEndpointRouteBuilder MapExecutionEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/v1/workflows/{name}/executions", StartAsync).WithTags("Executions")
            .RequireRole(ApiKeyRole.Operator)
            .WithMetadata(new Docs.RequestBodyDoc("The run's params as a JSON object (may be empty)", "application/json"))
            .Produces<ExecutionAccepted>(StatusCodes.Status202Accepted)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Start a run with the JSON body as params; ?wait=30s waits for the outcome");

        var group = routes.MapGroup("/api/v1/executions").WithTags("Executions");
        group.MapGet("/", ListAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery(ListParameters)
            .WithSummary("List runs newest first (filters: status, workflow, since, until; cursor pagination)");
        group.MapGet("/{id}", GetAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("Show a run with its steps, attempts, timings and errors");
        group.MapGet("/{id}/logs", LogsAsync).RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .WithSummary("The log lines of a run");
        group.MapPost("/{id}/cancel", CancelAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Cancel a run at its next step boundary");
        group.MapPost("/{id}/retry", RetryAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Resume a finished run from its failed steps (?from=node: from that node), keeping completed outputs");
        group.MapPost("/{id}/compensate", CompensateAsync).RequireRole(ApiKeyRole.Operator)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Run the compensate actions of a failed run's completed steps in reverse order");
        MapEventEndpoints(group);
        return routes;
    }

    /// <summary>The filters of the list and of its event stream.</summary>
    private static readonly string[] ListParameters = ["status", "workflow", "since", "until", "limit", "cursor"];

    public static ErrorResult NotFound(string id) => ApiErrors.NotFound($"Execution '{id}' not found");

    private static async Task<Results<Ok<ExecutionList>, ErrorResult>> ListAsync(
        Caller caller,
        IExecutionQueries queries,
        TimeProvider time,
        [FromQuery] string? status,
        [FromQuery] string? workflow,
        [FromQuery] string? since,
        [FromQuery] string? until,
        [FromQuery] string? limit,
        [FromQuery] string? cursor,
        CancellationToken cancellationToken)
    {
        var (query, error) = ParseListQuery(caller, time, status, workflow, since, until, limit, cursor);
        if (query is null)
        {
            return error!;
        }

        return TypedResults.Ok(await ListPageAsync(queries, query, cancellationToken));
    }

    private static async Task<ExecutionList> ListPageAsync(
        IExecutionQueries queries, ExecutionQuery query, CancellationToken cancellationToken)
    {
        var page = await queries.ListAsync(query, cancellationToken);
        return new ExecutionList(
            [.. page.Items.Select(ExecutionViews.Summary)],
            page.Next is null ? null : ExecutionCursorCodec.Encode(page.Next));
    }

    /// <summary>The list's filters as a query of the caller's organization, or the 400 that names the bad one.</summary>
    private static (ExecutionQuery? Query, ErrorResult? Error) ParseListQuery(
        Caller caller,
        TimeProvider time,
        string? status,
        string? workflow,
        string? since,
        string? until,
        string? limit,
        string? cursor)
    {
        ExecutionStatus? statusFilter = null;
        if (status is not null)
        {
            if (!StatusText.TryParse(status, out ExecutionStatus parsed))
            {
                return (null, QueryValues.Bad("status", status, StatusText.ExecutionStatusList));
            }

            statusFilter = parsed;
        }

        if (workflow is not null && !Names.IsWorkflowName(workflow))
        {
            return (null, QueryValues.Bad("workflow", workflow, $"a workflow name: {Names.WorkflowNameRule}"));
        }

        ExecutionCursor? after = null;
        if (cursor is not null && !ExecutionCursorCodec.TryDecode(cursor, out after))
        {
            return (null, QueryValues.Bad("cursor", cursor, "the next_cursor of a previous page"));
        }

        DateTimeOffset? from = null;
        DateTimeOffset? to = null;
        var error = QueryValues.Limit(limit, out var pageSize)
            ?? QueryValues.Time("since", since, time, out from)
            ?? QueryValues.Time("until", until, time, out to);
        return error is not null
            ? (null, error)
            : (new ExecutionQuery(caller.OrgId, pageSize, statusFilter, workflow, from, to, after), null);
    }

    private static async Task<Results<Ok<ExecutionDetail>, ErrorResult>> GetAsync(
        string id, Caller caller, IExecutionStore store, CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        var steps = await store.GetStepsAsync(execution.Id, cancellationToken);
        return TypedResults.Ok(ExecutionViews.Detail(execution, steps));
    }

    private static async Task<Results<Ok<ExecutionLogs>, ErrorResult>> LogsAsync(
        string id, Caller caller, IExecutionStore store, CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        var lines = await store.GetLogsAsync(execution.Id, cancellationToken);
        return TypedResults.Ok(new ExecutionLogs(execution.Id, [.. lines.Select(ExecutionViews.Line)]));
    }

    internal static async Task<(ExecutionRecord? Execution, ErrorResult? Error)> FindAsync(
        string id, Caller caller, IExecutionStore store, CancellationToken cancellationToken)
    {
        id = ExecutionIds.FromRoute(id);
        if (!ExecutionIds.IsValid(id))
        {
            return (null, ApiErrors.BadRequest(
                $"Invalid execution id '{Names.Quote(id)}': ids are UUIDs as returned when a run starts"));
        }

        var execution = await store.GetExecutionAsync(id, cancellationToken);
        return execution is null || execution.OrgId != caller.OrgId ? (null, NotFound(id)) : (execution, null);
    }
}
