using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Executions;
using Stepwise.Server.Http;

namespace Stepwise.Server.Queue;

/// <summary>
/// <c>/api/v1/admin/jobs</c>, for admins of the organization: the queue by status, cancelling a run, and purging
/// finished runs older than an age.
/// </summary>
internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/admin/jobs").WithTags("Queue").RequireRole(ApiKeyRole.Admin);
        group.MapGet("/", ListAsync).AcceptsQuery("status", "limit")
            .WithSummary("List runs of one status (default pending) in the order workers take them, with the total");
        group.MapDelete("/{id}", CancelAsync)
            .Produces<ErrorEnvelope>(StatusCodes.Status404NotFound)
            .Produces<ErrorEnvelope>(StatusCodes.Status409Conflict)
            .WithSummary("Cancel a queued or running run (a running one stops at its next step boundary)");
        group.MapPost("/purge", PurgeAsync).AcceptsQuery("status", "older_than")
            .Produces<ErrorEnvelope>(StatusCodes.Status422UnprocessableEntity)
            .WithSummary("Delete finished runs of a status older than an age, with their steps and logs");
        return routes;
    }

    private static async Task<Results<Ok<JobList>, ErrorResult>> ListAsync(
        Caller caller,
        IExecutionAdmin admin,
        [FromQuery] string? status,
        [FromQuery] string? limit,
        CancellationToken cancellationToken)
    {
        var wanted = ExecutionStatus.Pending;
        if (status is not null && !StatusText.TryParse(status, out wanted))
        {
            return QueryValues.Bad("status", status, StatusText.ExecutionStatusList);
        }

        if (QueryValues.Limit(limit, out var pageSize) is { } badLimit)
        {
            return badLimit;
        }

        var page = await admin.ListAsync(new QueueQuery(caller.OrgId, wanted, pageSize), cancellationToken);
        return TypedResults.Ok(new JobList(StatusText.ToText(wanted), page.Total, [.. page.Items.Select(Job)]));
    }

    private static Task<Results<Ok<ExecutionSummary>, Accepted<ExecutionAccepted>, ErrorResult>> CancelAsync(
        string id,
        Caller caller,
        IExecutionStore store,
        IExecutionJournal journal,
        EngineHost engines,
        ExecutionWorker worker,
        TimeProvider time,
        AuditTrail audit,
        CancellationToken cancellationToken) =>
        ExecutionEndpoints.CancelAsync(id, caller, store, journal, engines, worker, time, audit, cancellationToken);

    private static async Task<Results<Ok<PurgeResult>, ErrorResult>> PurgeAsync(
        Caller caller,
        IExecutionAdmin admin,
        AuditTrail audit,
        TimeProvider time,
        ILoggerFactory loggers,
        [FromQuery] string? status,
        [FromQuery(Name = "older_than")] string? olderThan,
        CancellationToken cancellationToken)
    {
        const string Finished = "succeeded, failed, cancelled, timed_out, compensated";
        if (status is null)
        {
            return ApiErrors.BadRequest($"Query parameter 'status' is required: one of {Finished}");
        }

        if (!StatusText.TryParse(status, out ExecutionStatus parsed))
        {
            return QueryValues.Bad("status", status, $"one of {Finished}");
        }

        if (!IsFinished(parsed))
        {
            return ApiErrors.Validation(
                $"Cannot purge {status} runs: only finished runs can be purged ({Finished}); cancel unfinished runs first");
        }

        if (olderThan is null)
        {
            return ApiErrors.BadRequest("Query parameter 'older_than' is required: a duration such as 24h, 7d or 30m");
        }

        if (!Duration.TryParse(olderThan, out var age) || age < TimeSpan.Zero || age > TimeSpan.FromDays(36500))
        {
            return QueryValues.Bad("older_than", olderThan, Duration.Expected);
        }

        var before = time.GetUtcNow() - age;
        var purged = await admin.PurgeAsync(new PurgeQuery(caller.OrgId, parsed, before), cancellationToken);
        Log.Purged(loggers.CreateLogger("Stepwise.Server.Queue"), caller.OrgId, status, olderThan, purged);
        await audit.RecordAsync(
            new AuditEntry(AuditActions.ExecutionPurge, "execution", null, Detail: $"{purged} {status} older than {olderThan}"),
            CancellationToken.None);
        return TypedResults.Ok(new PurgeResult(status, olderThan, before, purged));
    }

    private static bool IsFinished(ExecutionStatus status) =>
        status is ExecutionStatus.Succeeded or ExecutionStatus.Failed or ExecutionStatus.Cancelled
            or ExecutionStatus.TimedOut or ExecutionStatus.Compensated;

    private static JobDto Job(ExecutionRecord execution) => new(
        execution.Id,
        execution.Workflow,
        execution.Version,
        StatusText.ToText(execution.Status),
        execution.Priority,
        execution.CreatedAt,
        execution.StartedAt,
        execution.FinishedAt,
        execution.Error,
        execution.ParentExecutionId);
}
