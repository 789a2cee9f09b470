using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Hosting.Tenancy;

/// <summary>
/// Generates API keys and hashes them for storage. Keys are 256 random bits, so a plain SHA-256 is the right hash:
/// slow, salted password hashes (PBKDF2, bcrypt) exist to make guessing low-entropy human passwords expensive, and
/// nobody can enumerate 2^256 keys however fast the hash is. A fast unsalted hash also lets a request's key be
/// found by an index lookup on the hash instead of testing every stored key, and a leaked table reveals no key.
/// </summary>
internal static class ApiKeySecrets
{
    public const string KeyPrefix = "sw_";

    /// <summary>A new key (<c>sw_</c> + 43 base64url characters), its hash and the prefix shown in listings.</summary>
    public static (string Key, string Hash, string Prefix) Generate()
    {
        var key = KeyPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        return (key, Hash(key), PrefixOf(key));
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Enough of the key to tell keys apart in a listing, far too little to guess the rest.</summary>
    public static string PrefixOf(string key) => key.Length <= 10 ? key[..Math.Min(3, key.Length)] + "…" : key[..10] + "…";

    public static string NewId() => "key_" + Base64Url(RandomNumberGenerator.GetBytes(9));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
