using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Server.Errors;
using Stepwise.Server.Hosting;
using Stepwise.Server.Json;

namespace Stepwise.Server.Endpoints;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (the store is open and readable).</summary>
internal static class HealthEndpoints
{
    private static readonly long Started = Stopwatch.GetTimestamp();

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", Live);
        group.MapGet("/ready", ReadyAsync);
        return routes;
    }

    private static Ok<HealthStatus> Live(TimeProvider time) => TypedResults.Ok(Status("ok", time));

    private static async Task<Results<Ok<HealthStatus>, ErrorResult>> ReadyAsync(
        StoreHost store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!store.IsOpen)
        {
            return new ErrorResult(
                StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, "The store is not open yet");
        }

        await store.Storage.Executions.GetExecutionAsync("health-probe", cancellationToken);
        return TypedResults.Ok(Status("ready", time));
    }

    private static HealthStatus Status(string status, TimeProvider time) => new(
        status,
        ServerVersion.Current,
        Math.Round(Stopwatch.GetElapsedTime(Started).TotalSeconds, 1),
        time.GetUtcNow());
}
