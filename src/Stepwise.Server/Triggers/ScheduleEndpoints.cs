using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Http;

namespace Stepwise.Server.Triggers;

/// <summary><c>GET /api/v1/schedules</c>: the organization's schedules with their next fire times, and its file watches.</summary>
internal static class ScheduleEndpoints
{
    public static IEndpointRouteBuilder MapScheduleEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/schedules", List).WithTags("Triggers").RequireRole(ApiKeyRole.Viewer).AcceptsQuery()
            .WithSummary("List the organization's schedules (next and last fire times) and file watches");
        return routes;
    }

    private static Ok<ScheduleList> List(Caller caller, TriggerHost triggers) =>
        TypedResults.Ok(new ScheduleList(
            TriggerViews.Schedules(triggers, caller.OrgId), TriggerViews.FileWatches(triggers, caller.OrgId)));
}
