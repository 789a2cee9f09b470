using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Triggers;

/// <summary>
/// <c>GET /api/v1/schedules</c>: the organization's schedules with their next fire times (<c>?count=N</c> of them,
/// 1 by default, at most <see cref="MaxCount"/>; <c>?workflow=NAME</c> for one workflow's), and its file watches.
/// </summary>
internal static class ScheduleEndpoints
{
    public const int MaxCount = 100;

    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/schedules", List).WithTags("Triggers").RequireRole(ApiKeyRole.Viewer).AcceptsQuery("count", "workflow")
            .WithSummary("List the organization's schedules (next fire times, last fire time) and file watches");
        return routes;
    }

    private static Results<Ok<ScheduleList>, ErrorResult> List(
        Caller caller,
        TriggerHost triggers,
        TimeProvider time,
        HttpRequest request,
        [FromQuery] string? count,
        [FromQuery] string? workflow)
    {
        if (KnownQueryParameters.Check(request, "count", "workflow") is { } unknown)
        {
            return unknown;
        }

        var wanted = 1;
        if (count is not null
            && (!int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out wanted) || wanted < 1 || wanted > MaxCount))
        {
            return KnownQueryParameters.Invalid("count", count, $"a whole number from 1 to {MaxCount}");
        }

        // As every list's workflow filter: a value that cannot be a workflow's name is a mistake, not an empty list.
        if (workflow is not null && !Names.IsWorkflowName(workflow))
        {
            return KnownQueryParameters.Invalid("workflow", workflow, $"a workflow name: {Names.WorkflowNameRule}");
        }

        return TypedResults.Ok(new ScheduleList(
            TriggerViews.Schedules(triggers, caller.OrgId, workflow, wanted, time.GetUtcNow()),
            TriggerViews.FileWatches(triggers, caller.OrgId, workflow)));
    }
}
