using Stepwise.Core.Storage;

namespace Stepwise.Server.Auth;

internal static class AuthEndpointExtensions
{
    /// <summary>Requires an API key with at least <paramref name="role"/> on the endpoint or group.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, ApiKeyRole role)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint => endpoint.Metadata.Add(new RequiredRole(role)));
        return builder;
    }
}
