using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Hosting.Secrets;

/// <summary>
/// What the store keeps of a key the nodes share: HMAC-SHA256 keyed by the key over a fixed label naming the key's
/// purpose, in hex. It tells whether two nodes hold the same key and nothing else: a MAC does not give the key
/// back, the label makes it differ from every other value derived from the same key (the master key's id, a JWT's
/// HS256 signature, whose input is always <c>header.payload</c> in base64url and can never equal the label), and
/// checking a guessed key against it costs no less than checking the guess against a token signed with that key.
/// </summary>
internal static class KeyFingerprint
{
    public const string MasterKeyName = "master_key";

    public const string JwtSigningKeyName = "jwt_signing_key";

    public static string Of(ReadOnlySpan<byte> key, string name) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"stepwise key fingerprint v1: {name}")));

    /// <summary>The start of a fingerprint, enough for an operator to tell two apart in a message.</summary>
    public static string Short(string fingerprint) => fingerprint.Length > 12 ? fingerprint[..12] : fingerprint;
}
