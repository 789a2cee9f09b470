using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Server.OAuth;

/// <summary>
/// The <c>state</c> of an authorization-code flow: 32 random bytes, sent to the provider and back to the callback.
/// Only its SHA-256 is stored, so reading the database does not let anyone finish someone else's authorization.
/// </summary>
internal static class OAuthState
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string state) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(state)));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
