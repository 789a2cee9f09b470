namespace Stepwise.Core.Storage;

/// <summary>
/// A refresh token as stored: only its hash. It is good once: refreshing revokes it and issues the next one, so a
/// token presented after its revocation shows it was stolen or replayed.
/// </summary>
public sealed record RefreshTokenRecord(
    string Id,
    string UserId,
    string OrgId,
    string TokenHash,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
