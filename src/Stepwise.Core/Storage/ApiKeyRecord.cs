namespace Stepwise.Core.Storage;

/// <summary>
/// An API key as stored: never the key itself, only its hash (<see cref="KeyHash"/>) and a short prefix that helps
/// people tell keys apart. A platform admin may act for any organization.
/// </summary>
public sealed record ApiKeyRecord(
    string Id,
    string OrgId,
    string Name,
    ApiKeyRole Role,
    bool IsPlatformAdmin,
    string KeyHash,
    string Prefix,
    DateTimeOffset CreatedAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
