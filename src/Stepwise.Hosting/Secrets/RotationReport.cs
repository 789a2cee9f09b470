namespace Stepwise.Hosting.Secrets;

/// <summary>What a key rotation did: values re-encrypted, values already under the key, and values it could not open.</summary>
internal sealed record RotationReport(string KeyId, int Resealed, int AlreadyCurrent, IReadOnlyList<string> Failures);
