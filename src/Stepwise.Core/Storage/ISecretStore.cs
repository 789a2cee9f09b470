namespace Stepwise.Core.Storage;

/// <summary>Secrets per organization, stored sealed (encrypted by the host before they get here).</summary>
public interface ISecretStore
{
    /// <summary>Creates the secret or replaces its value (keeping its creation time); returns it as stored.</summary>
    Task<SecretRecord> PutAsync(
        string orgId, string name, byte[] sealedValue, DateTimeOffset now, CancellationToken cancellationToken = default);

    Task<SecretRecord?> GetAsync(string orgId, string name, CancellationToken cancellationToken = default);

    /// <summary>The organization's secrets by name.</summary>
    Task<IReadOnlyList<SecretRecord>> ListAsync(string orgId, CancellationToken cancellationToken = default);

    /// <summary>Every secret of every organization, for re-sealing under a new key.</summary>
    Task<IReadOnlyList<SecretRecord>> ListAllAsync(CancellationToken cancellationToken = default);

    /// <summary>False when the secret does not exist.</summary>
    Task<bool> DeleteAsync(string orgId, string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Swaps the sealed value for another sealing of the same plaintext (a key rotation), only while the stored value
    /// is still <paramref name="expected"/>: false when it changed meanwhile or the secret is gone. The update time
    /// stays, since the value did not change.
    /// </summary>
    Task<bool> ResealAsync(
        string orgId, string name, byte[] expected, byte[] replacement, CancellationToken cancellationToken = default);
}
