using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Stepwise.Server.Tests.Support;

/// <summary>Real signed JWTs for tests: HS256 with a secret, RS256 with an RSA key, at the test's clock.</summary>
public static class Tokens
{
    public const string Secret = "test-jwt-secret-0123456789abcdef0123456789";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    public static string Hs256(
        DateTimeOffset now, string role = "viewer", string org = "default", string sub = "alice",
        string secret = Secret, string? issuer = null, string? audience = null, TimeSpan? lifetime = null,
        DateTimeOffset? notBefore = null) =>
        Create(
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
            now, role, org, sub, issuer, audience, lifetime, notBefore);

    public static string Rs256(RSA rsa, string kid, DateTimeOffset now, string role = "viewer", string org = "default") =>
        Create(
            new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = kid }, SecurityAlgorithms.RsaSha256),
            now, role, org, "carol", null, null, null, null);

    /// <summary>A JWKS document publishing the public halves of <paramref name="keys"/>.</summary>
    public static string Jwks(params (string Kid, RSA Rsa)[] keys)
    {
        var entries = keys.Select(key =>
        {
            var parameters = key.Rsa.ExportParameters(false);
            return $$"""{"kty":"RSA","use":"sig","alg":"RS256","kid":"{{key.Kid}}","n":"{{Base64UrlEncoder.Encode(parameters.Modulus)}}","e":"{{Base64UrlEncoder.Encode(parameters.Exponent)}}"}""";
        });
        return $$"""{"keys":[{{string.Join(",", entries)}}]}""";
    }

    /// <summary>A token with any header (such as another algorithm) and a garbage signature.</summary>
    public static string WithHeader(string headerJson, DateTimeOffset now) =>
        Base64UrlEncoder.Encode(headerJson) + "." +
        Base64UrlEncoder.Encode($$"""{"sub":"alice","org":"default","role":"viewer","exp":{{now.AddMinutes(5).ToUnixTimeSeconds()}}}""") +
        ".c2lnbmF0dXJl";

    /// <summary>
    /// An HS256 token signed with <see cref="Secret"/> over exactly <paramref name="payloadJson"/>, with extra header
    /// parameters: for claims and headers the descriptor would normalize (a string <c>exp</c>, a <c>crit</c>).
    /// </summary>
    public static string Hs256Raw(string payloadJson, IDictionary<string, object>? extraHeaders = null) =>
        Handler.CreateToken(
            payloadJson,
            new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256),
            extraHeaders ?? new Dictionary<string, object>());

    private static string Create(
        SigningCredentials credentials, DateTimeOffset now, string role, string org, string sub, string? issuer,
        string? audience, TimeSpan? lifetime, DateTimeOffset? notBefore)
    {
        var claims = new Dictionary<string, object> { ["sub"] = sub, ["org"] = org, ["role"] = role };
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = claims,
            SigningCredentials = credentials,
            IssuedAt = now.UtcDateTime,
            Expires = now.Add(lifetime ?? TimeSpan.FromMinutes(5)).UtcDateTime,
            NotBefore = notBefore?.UtcDateTime,
            Issuer = issuer,
            Audience = audience,
        };
        return Handler.CreateToken(descriptor);
    }
}
