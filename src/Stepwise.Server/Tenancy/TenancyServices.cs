using Microsoft.AspNetCore.Http.Json;
using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>The HTTP side of organizations, API keys and users (the stores and rules live in Hosting).</summary>
internal static class TenancyServices
{
    public static IServiceCollection AddStepwiseTenancyApi(this IServiceCollection services) =>
        services.Configure<JsonOptions>(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TenancyJsonContext.Default));

    public static IEndpointRouteBuilder MapTenancyEndpoints(this IEndpointRouteBuilder routes)
    {
        OrganizationEndpoints.Map(routes);
        ApiKeyEndpoints.Map(routes);
        UserEndpoints.Map(routes);
        return routes;
    }
}
