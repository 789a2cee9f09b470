using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;
using Stepwise.Server.Health;

namespace Stepwise.Server.Endpoints;

/// <summary><c>/debug/runtime</c> (admins): the process's runtime counters alone, without running the health checks.</summary>
internal static class DebugEndpoints
{
    private static readonly HealthJsonContext Json = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });

    public static IEndpointRouteBuilder MapDebugEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/debug/runtime", Runtime).WithTags("Health").RequireRole(ApiKeyRole.Admin).Produces<RuntimeSnapshot>()
            .WithSummary("Runtime counters (GC, thread pool, process, .NET, OS); admin keys only");
        routes.MapProfileEndpoints();
        return routes;
    }

    private static JsonHttpResult<RuntimeSnapshot> Runtime(TimeProvider time) =>
        TypedResults.Json(RuntimeSnapshot.Capture(time), Json.RuntimeSnapshot);
}
