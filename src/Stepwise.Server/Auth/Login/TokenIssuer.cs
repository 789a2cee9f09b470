using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth.Jwt;

namespace Stepwise.Server.Auth.Login;

/// <summary>
/// Issues the tokens of a login: an HS256 access JWT with the configured subject, organization and role claims
/// (checked by <see cref="JwtValidator"/> like any other bearer token), and an opaque refresh token of 256 random
/// bits stored only as its SHA-256 hash.
/// </summary>
internal sealed class TokenIssuer(JwtOptions options, JwtSigningKey signingKey, TimeProvider time)
{
    public const string RefreshPrefix = "swr_";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>False when this server has no HS256 key (a JWKS is configured and JWT_SECRET is not).</summary>
    public bool CanIssue => signingKey.Key is not null;

    public (string Token, DateTimeOffset ExpiresAt) IssueAccess(string userId, string username, string orgId, ApiKeyRole role)
    {
        var key = signingKey.Key ?? throw new InvalidOperationException("No HS256 key to sign access tokens with.");
        var now = time.GetUtcNow();
        var expires = now + options.AccessLifetime;
        var descriptor = new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object>
            {
                [options.SubjectClaim] = userId,
                [options.OrgClaim] = orgId,
                [options.RoleClaim] = role.Name(),
                ["preferred_username"] = username,
                [JwtRegisteredClaimNames.Jti] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)),
            },
            Issuer = options.Issuer ?? JwtOptions.DefaultIssuer,
            Audience = options.Audience ?? JwtOptions.DefaultIssuer,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        };
        return (Handler.CreateToken(descriptor), expires);
    }

    public (string Token, RefreshTokenRecord Record) IssueRefresh(string userId, string orgId)
    {
        var token = RefreshPrefix + Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var record = new RefreshTokenRecord(
            "rt_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(9)), userId, orgId, HashRefresh(token), now,
            now + options.RefreshLifetime, null);
        return (token, record);
    }

    /// <summary>Refresh tokens are 256 random bits, so a fast hash is safe (as for API keys).</summary>
    public static string HashRefresh(string token) => ApiKeySecrets.Hash(token);
}
