namespace Stepwise.Core.Storage;

/// <summary>API keys, found by the hash of the key a request presents.</summary>
public interface IApiKeyStore
{
    /// <summary>Stores a key; <see cref="StorageNotFoundException"/> when its organization does not exist.</summary>
    Task CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken = default);

    Task<ApiKeyRecord?> FindByHashAsync(string keyHash, CancellationToken cancellationToken = default);

    Task<ApiKeyRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Every key (of one organization when <paramref name="orgId"/> is given), oldest first.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? orgId = null, CancellationToken cancellationToken = default);

    /// <summary>Revokes a key at <paramref name="at"/>; false when it does not exist or was already revoked.</summary>
    Task<bool> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken = default);
}
