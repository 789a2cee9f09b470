namespace Stepwise.Core.Storage;

/// <summary>
/// Fingerprints (never the keys) of the keys every node sharing this store must hold, by name (<c>master_key</c>,
/// <c>jwt_signing_key</c>): a node whose key gives another fingerprint would fail to open the secrets or tokens of the
/// others, so it refuses to start instead.
/// </summary>
public interface IKeyFingerprintStore
{
    /// <summary>The recorded fingerprint of <paramref name="name"/>, or null when none is recorded yet.</summary>
    Task<string?> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="fingerprint"/> unless a fingerprint of <paramref name="name"/> is recorded already, and
    /// returns the one recorded afterwards: this one, or the earlier one (two nodes starting at once agree on one).
    /// </summary>
    Task<string> RecordFirstAsync(string name, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Records <paramref name="fingerprint"/> in place of any earlier one: a rotation to a new key finished.</summary>
    Task SetAsync(string name, string fingerprint, DateTimeOffset now, CancellationToken cancellationToken = default);
}
