namespace Stepwise.Core.Storage;

/// <summary>OAuth connections per organization and name.</summary>
public interface IOAuthConnectionStore
{
    /// <summary>Creates a connection; <see cref="StorageConflictException"/> when the name is taken in the organization.</summary>
    Task CreateAsync(OAuthConnectionRecord connection, CancellationToken cancellationToken = default);

    Task<OAuthConnectionRecord?> GetAsync(string orgId, string name, CancellationToken cancellationToken = default);

    /// <summary>The organization's connections by name.</summary>
    Task<IReadOnlyList<OAuthConnectionRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default);

    /// <summary>Every connection of every organization, for re-sealing under a new key.</summary>
    Task<IReadOnlyList<OAuthConnectionRecord>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>False when the connection does not exist.</summary>
    Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default);

    /// <summary>Stores new tokens and their expiry and ends any pending authorization; false when the connection is gone.</summary>
    Task<bool> SaveTokensAsync(
        string orgId,
        string name,
        byte[]? accessToken,
        byte[]? refreshToken,
        DateTimeOffset? expiresAt,
        DateTimeOffset now,
        CancellationToken cancellationToken = default);

    /// <summary>Remembers the hash of the state of a started authorization-code flow; false when the connection is gone.</summary>
    Task<bool> SetStateAsync(
        string orgId, string name, string stateHash, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>The connection whose pending authorization has this state hash (expired or not: the caller checks).</summary>
    Task<OAuthConnectionRecord?> FindByStateAsync(string stateHash, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the sealed client secret and tokens with new sealings of the same values (a key rotation), only while
    /// the connection was not updated since <paramref name="current"/> was read: false otherwise.
    /// </summary>
    Task<bool> ResealAsync(
        OAuthConnectionRecord current,
        byte[]? clientSecret,
        byte[]? accessToken,
        byte[]? refreshToken,
        CancellationToken cancellationToken = default);
}
