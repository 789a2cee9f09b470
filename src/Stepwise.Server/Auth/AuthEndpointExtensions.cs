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

    public static string Name(this ApiKeyRole role) => role switch
    {
        ApiKeyRole.Viewer => "viewer",
        ApiKeyRole.Operator => "operator",
        ApiKeyRole.Developer => "developer",
        _ => "admin",
    };

    public static bool TryParseRole(string? text, out ApiKeyRole role)
    {
        role = ApiKeyRole.Viewer;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "viewer":
                return true;
            case "operator":
                role = ApiKeyRole.Operator;
                return true;
            case "developer":
                role = ApiKeyRole.Developer;
                return true;
            case "admin":
                role = ApiKeyRole.Admin;
                return true;
            default:
                return false;
        }
    }
}
