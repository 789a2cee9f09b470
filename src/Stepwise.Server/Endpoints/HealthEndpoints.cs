using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Health;
using Stepwise.Server.Hosting;
using Stepwise.Server.Json;

namespace Stepwise.Server.Endpoints;

/// <summary>
/// <c>/health</c> (every check; 503 when one is unhealthy), <c>/health/live</c> (the process answers),
/// <c>/health/ready</c> (503 while the database is unreachable or its schema does not match this build) and
/// <c>/health/detailed</c> (admins: the checks plus runtime counters). Each answers <c>HEAD</c> as well as
/// <c>GET</c> (load balancers and <c>curl -I</c> probe with HEAD): the same status code, no body.
/// </summary>
internal static class HealthEndpoints
{
    private static readonly HealthJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    private static readonly string[] GetAndHead = [HttpMethods.Get, HttpMethods.Head];

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");

        // HEAD: the same checks and status code, no body (Kestrel drops it anyway; this keeps every host honest).
        group.AddEndpointFilter(async (context, next) =>
        {
            var result = await next(context);
            return HttpMethods.IsHead(context.HttpContext.Request.Method) && result is IStatusCodeHttpResult { StatusCode: { } code }
                ? Results.StatusCode(code)
                : result;
        });
        group.MapMethods("/", GetAndHead, HealthAsync)
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Every check (database with connection counts, queue, scheduler); 503 when one is unhealthy");
        group.MapMethods("/live", GetAndHead, Live).Produces<HealthStatus>().WithSummary("The process is up and answering");
        group.MapMethods("/ready", GetAndHead, ReadyAsync)
            .Produces<HealthReport>().Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Ready for traffic: 503 while the database is unreachable or its schema does not match");
        group.MapMethods("/detailed", GetAndHead, DetailedAsync).RequireRole(ApiKeyRole.Admin)
            .Produces<DetailedHealthReport>().Produces<DetailedHealthReport>(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Every check plus runtime counters (memory, GC, thread pool); admin keys only");
        return routes;
    }

    private static Ok<HealthStatus> Live(TimeProvider time) => TypedResults.Ok(new HealthStatus(
        "ok", ServerVersion.Current, Math.Round(HealthService.Uptime(time).TotalSeconds, 1), time.GetUtcNow()));

    private static async Task<JsonHttpResult<HealthReport>> HealthAsync(HealthService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckAllAsync(cancellationToken);
        return TypedResults.Json(report, Json.HealthReport, statusCode: StatusFor(report.Status));
    }

    private static async Task<JsonHttpResult<HealthReport>> ReadyAsync(HealthService health, CancellationToken cancellationToken)
    {
        var report = await health.CheckReadinessAsync(cancellationToken);
        var ready = report.Status != HealthStatusNames.Unhealthy;
        return TypedResults.Json(
            report with { Status = ready ? "ready" : "not_ready" },
            Json.HealthReport,
            statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<JsonHttpResult<DetailedHealthReport>> DetailedAsync(
        HealthService health, TimeProvider time, CancellationToken cancellationToken)
    {
        var report = await health.CheckAllAsync(cancellationToken);
        var detailed = new DetailedHealthReport(
            report.Status, report.Version, report.Uptime, report.UptimeSeconds, report.Timestamp, report.Checks,
            RuntimeSnapshot.Capture(time));
        return TypedResults.Json(detailed, Json.DetailedHealthReport, statusCode: StatusFor(report.Status));
    }

    private static int StatusFor(string status) =>
        status == HealthStatusNames.Unhealthy ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
}
