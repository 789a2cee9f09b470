using Stepwise.Core.Storage;

namespace Stepwise.Server.Tenancy;

/// <summary>An API key as the API shows it: never the key, only its first characters.</summary>
internal sealed record ApiKeyDto(
    string Id,
    string OrgId,
    string Name,
    string Role,
    bool IsPlatformAdmin,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public static ApiKeyDto From(ApiKeyRecord key) =>
        new(key.Id, key.OrgId, key.Name, key.Role.Name(), key.IsPlatformAdmin, key.Prefix, key.CreatedAt, key.RevokedAt);
}
