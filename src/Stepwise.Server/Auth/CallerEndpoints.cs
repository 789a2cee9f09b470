using Microsoft.AspNetCore.Http.HttpResults;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Auth;

/// <summary><c>GET /api/v1/me</c>: the caller as the server sees it (any role may ask about itself).</summary>
internal static class CallerEndpoints
{
    public static IEndpointRouteBuilder MapCallerEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/me", Me).WithTags("Auth").RequireRole(ApiKeyRole.Viewer)
            .WithSummary("Who the credential is: id, kind (key or user), organization, role, platform admin");
        return routes;
    }

    private static Ok<CallerInfo> Me(Caller caller) =>
        TypedResults.Ok(new CallerInfo(caller.Id, caller.ActorType, caller.OrgId, caller.Role.Name(), caller.IsPlatformAdmin));
}
