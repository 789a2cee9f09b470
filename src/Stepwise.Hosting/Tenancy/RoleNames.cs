using Stepwise.Core.Storage;

namespace Stepwise.Hosting.Tenancy;

/// <summary>The names of roles as the API, tokens and the CLI spell them.</summary>
internal static class RoleNames
{
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
