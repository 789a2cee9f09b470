using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions.Events;
using Stepwise.Server.Http;
using Stepwise.Server.Json;

namespace Stepwise.Server.Executions;

/// <summary>
/// Live status as Server-Sent Events: <c>GET /api/v1/executions/{id}/events</c> sends the run (as
/// <c>GET /api/v1/executions/{id}</c> shows it) whenever it changes, and <c>GET /api/v1/executions/events</c> sends the
/// first page of the list (same filters as the list) whenever it changes. Both read the store, so they are right
/// whichever node runs the execution; the caller's role and organization are checked like the list's.
/// </summary>
internal static partial class ExecutionEndpoints
{
    private static void MapEventEndpoints(RouteGroupBuilder group)
    {
        group.MapGet("/events", ListEvents).RequireRole(ApiKeyRole.Viewer).AcceptsQuery(ListParameters)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ErrorEnvelope>(StatusCodes.Status429TooManyRequests)
            .WithSummary("Server-Sent Events: an 'executions' event with the list's first page whenever it changes (list filters apply)");
        group.MapGet("/{id}/events", RunEventsAsync).RequireRole(ApiKeyRole.Viewer)
            .Produces<string>(StatusCodes.Status200OK, "text/event-stream")
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status429TooManyRequests)
            .WithSummary("Server-Sent Events: an 'execution' event with the run and its steps whenever it changes");
    }

    private static async Task<Results<ServerSentEventsResult<string>, ErrorResult>> RunEventsAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        StreamSlots slots,
        EventStreamOptions options,
        TimeProvider time,
        ILoggerFactory loggers,
        IHostApplicationLifetime lifetime,
        CancellationToken cancellationToken)
    {
        var (execution, error) = await FindAsync(id, caller, store, cancellationToken);
        if (execution is null)
        {
            return error!;
        }

        if (TakeSlot(caller, slots, loggers, "execution") is not { } slot)
        {
            return TooManyStreams(options);
        }

        var executionId = execution.Id;
        var orgId = caller.OrgId;
        return TypedResults.ServerSentEvents(
            ChangeStream.WatchAsync(
                "execution",
                async token =>
                {
                    var current = await store.GetExecutionAsync(executionId, token);
                    if (current is null || current.OrgId != orgId)
                    {
                        return null;
                    }

                    var steps = await store.GetStepsAsync(executionId, token);
                    return JsonSerializer.Serialize(ExecutionViews.Detail(current, steps), ApiJson.Context.ExecutionDetail);
                },
                options.RunPoll,
                options,
                time,
                slot,
                lifetime.ApplicationStopping,
                cancellationToken));
    }

    private static Results<ServerSentEventsResult<string>, ErrorResult> ListEvents(
        Caller caller,
        IExecutionQueries queries,
        StreamSlots slots,
        EventStreamOptions options,
        TimeProvider time,
        ILoggerFactory loggers,
        IHostApplicationLifetime lifetime,
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

        if (TakeSlot(caller, slots, loggers, "executions") is not { } slot)
        {
            return TooManyStreams(options);
        }

        return TypedResults.ServerSentEvents(
            ChangeStream.WatchAsync(
                "executions",
                async token => JsonSerializer.Serialize(await ListPageAsync(queries, query, token), ApiJson.Context.ExecutionList),
                options.ListPoll,
                options,
                time,
                slot,
                lifetime.ApplicationStopping,
                cancellationToken));
    }

    private static IDisposable? TakeSlot(Caller caller, StreamSlots slots, ILoggerFactory loggers, string stream)
    {
        var logger = loggers.CreateLogger("Stepwise.Server.Events");
        var slot = slots.TryTake(caller.OrgId + ":" + caller.Id, out var open);
        if (slot is null)
        {
            Events.Log.StreamRefused(logger, caller.OrgId, caller.Id, open);
        }
        else
        {
            Events.Log.StreamOpened(logger, caller.OrgId, caller.Id, stream, open);
        }

        return slot;
    }

    private static ErrorResult TooManyStreams(EventStreamOptions options) => new(
        StatusCodes.Status429TooManyRequests,
        ErrorCodes.RateLimited,
        $"Too many open event streams: a caller may keep {options.MaxPerCaller} open on one server; close one first");
}
