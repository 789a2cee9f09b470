using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>
/// Checks a bearer JWT: HS256 against <see cref="JwtSigningKey"/>, RS256 against the JWKS key named by its
/// <c>kid</c>; then lifetime (with the clock skew, on the injected <see cref="TimeProvider"/>), issuer and audience
/// when configured, and the subject, organization and role claims. Every failure is one of the AUTH errors.
/// </summary>
internal sealed class JwtValidator(JwtOptions options, JwtSigningKey signingKey, JwksCache jwks, TimeProvider time)
{
    /// <summary>The longest token read; anything longer is refused before parsing.</summary>
    public const int MaxTokenLength = 16 * 1024;

    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>A bearer value shaped like a JWS (three dot-separated parts); API keys never contain a dot.</summary>
    public static bool LooksLikeJwt(string value) => value.Count(c => c == '.') == 2;

    public async Task<(JwtIdentity? Identity, ErrorResult? Error)> ValidateAsync(
        string token, CancellationToken cancellationToken)
    {
        if (token.Length > MaxTokenLength)
        {
            return (null, JwtErrors.InvalidToken($"the token is longer than {MaxTokenLength} characters"));
        }

        JsonWebToken jwt;
        try
        {
            jwt = Handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return (null, JwtErrors.InvalidToken("the token is not a well-formed JWT"));
        }

        if (JwtStrictParts.HeaderProblem(jwt) is { } headerProblem)
        {
            return (null, JwtErrors.InvalidToken(headerProblem));
        }

        var (key, keyError) = await FindKeyAsync(jwt, cancellationToken);
        if (keyError is not null)
        {
            return (null, keyError);
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = key,
            ValidAlgorithms = [jwt.Alg],
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = false,
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
        var result = await Handler.ValidateTokenAsync(jwt, parameters);
        if (!result.IsValid)
        {
            return (null, JwtErrors.InvalidToken("the signature does not match"));
        }

        return CheckClaims(jwt);
    }

    private async Task<(SecurityKey? Key, ErrorResult? Error)> FindKeyAsync(JsonWebToken jwt, CancellationToken cancellationToken)
    {
        switch (jwt.Alg)
        {
            case SecurityAlgorithms.HmacSha256:
                return signingKey.Key is { } hmac ? (hmac, null) : (null, JwtErrors.NoSymmetricSecret());
            case SecurityAlgorithms.RsaSha256:
                if (options.JwksUrl is null)
                {
                    return (null, JwtErrors.SigningKeyNotFound($"RS256 tokens need {JwtOptions.JwksUrlKey}"));
                }

                var kid = string.IsNullOrEmpty(jwt.Kid) ? null : jwt.Kid;
                var (key, fetchFailed) = await jwks.FindAsync(kid, cancellationToken);
                if (fetchFailed)
                {
                    return (null, JwtErrors.JwksUnavailable());
                }

                return key is null
                    ? (null, JwtErrors.SigningKeyNotFound(
                        kid is null ? "the token has no kid and the JWKS has more than one key"
                            : $"the JWKS has no key with kid '{Names.Quote(kid)}'"))
                    : (key, null);
            default:
                return (null, JwtErrors.UnsupportedAlgorithm(
                    $"the token is signed with '{Names.Quote(jwt.Alg)}'; use HS256 or RS256"));
        }
    }

    private (JwtIdentity? Identity, ErrorResult? Error) CheckClaims(JsonWebToken jwt)
    {
        var now = time.GetUtcNow();
        var (expires, notBefore, timeProblem) = JwtStrictParts.ReadTimes(jwt);
        if (timeProblem is not null)
        {
            return (null, JwtErrors.InvalidToken(timeProblem));
        }

        if (now - options.ClockSkew > expires)
        {
            return (null, JwtErrors.Expired());
        }

        if (notBefore is { } start && now + options.ClockSkew < start)
        {
            return (null, JwtErrors.InvalidToken("the token is not valid yet (nbf is in the future)"));
        }

        if (options.Issuer is { } issuer && !string.Equals(jwt.Issuer, issuer, StringComparison.Ordinal))
        {
            return (null, JwtErrors.WrongIssuer());
        }

        if (options.Audience is { } audience && !jwt.Audiences.Contains(audience, StringComparer.Ordinal))
        {
            return (null, JwtErrors.WrongAudience());
        }

        var subject = StringClaim(jwt, options.SubjectClaim);
        var org = StringClaim(jwt, options.OrgClaim);
        var roleText = StringClaim(jwt, options.RoleClaim);
        if (string.IsNullOrWhiteSpace(subject))
        {
            return (null, JwtErrors.InvalidToken($"the token has no '{options.SubjectClaim}' claim"));
        }

        if (!Names.IsOrgId(org))
        {
            return (null, JwtErrors.InvalidToken(org is null
                ? $"the token has no '{options.OrgClaim}' claim"
                : $"the '{options.OrgClaim}' claim is not an organization id"));
        }

        if (!RoleNames.TryParseRole(roleText, out var role))
        {
            return (null, JwtErrors.InvalidToken(
                $"the '{options.RoleClaim}' claim must be viewer, operator, developer or admin"));
        }

        return (new JwtIdentity(subject, org!, role), null);
    }

    private static string? StringClaim(JsonWebToken jwt, string name) =>
        jwt.TryGetPayloadValue<string>(name, out var text) ? text : null;
}
