using System.Data.Common;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>Column lists and row mapping of organizations and API keys; select lists and ordinals change together.</summary>
internal static class TenancyReaders
{
    public const string OrganizationColumns = "id, name, is_active, created_at";

    public const string ApiKeyColumns =
        "id, org_id, name, role, is_platform_admin, key_hash, prefix, created_at, revoked_at";

    public static OrganizationRecord ReadOrganization(DbDataReader reader) => new(
        Id: reader.GetString(0),
        Name: reader.GetString(1),
        IsActive: reader.GetBoolean(2),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(3)));

    public static ApiKeyRecord ReadApiKey(DbDataReader reader) => new(
        Id: reader.GetString(0),
        OrgId: reader.GetString(1),
        Name: reader.GetString(2),
        Role: ParseRole(reader.GetString(3)),
        IsPlatformAdmin: reader.GetBoolean(4),
        KeyHash: reader.GetString(5),
        Prefix: reader.GetString(6),
        CreatedAt: DbValues.FromUnixMs(reader.GetInt64(7)),
        RevokedAt: reader.GetUnixMsOrNull(8));

    public static string RoleText(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Viewer => "viewer",
        ApiKeyRole.Operator => "operator",
        ApiKeyRole.Developer => "developer",
        ApiKeyRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Unknown API key role."),
    };

    public static ApiKeyRole ParseRole(string text) => text switch
    {
        "viewer" => ApiKeyRole.Viewer,
        "operator" => ApiKeyRole.Operator,
        "developer" => ApiKeyRole.Developer,
        "admin" => ApiKeyRole.Admin,
        _ => throw new StorageException($"The database holds an unknown API key role '{text}'."),
    };
}
