namespace Stepwise.Core.Storage;

/// <summary>Refresh tokens of signed-in users, found by the hash of the token a client presents.</summary>
public interface IRefreshTokenStore
{
    /// <summary>Stores a token; <see cref="StorageNotFoundException"/> when its user does not exist.</summary>
    Task CreateAsync(RefreshTokenRecord token, CancellationToken cancellationToken = default);

    Task<RefreshTokenRecord?> FindByHashAsync(string tokenHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Revokes one token at <paramref name="at"/>; false when it does not exist or was already revoked, so of two
    /// concurrent refreshes with the same token only one wins.
    /// </summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Revokes every live token of a user; returns how many.</summary>
    Task<int> RevokeAllAsync(string userId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
