namespace Stepwise.Core.Storage;

/// <summary>
/// One secret of an organization. <see cref="SealedValue"/> is the value as the host's cipher sealed it (key id,
/// nonce, ciphertext and tag); the store never sees the plaintext.
/// </summary>
public sealed record SecretRecord(
    string OrgId, string Name, byte[] SealedValue, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
