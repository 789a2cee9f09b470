using System.Text.Json.Nodes;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>
/// The bearer-token errors, with exactly the codes, messages and statuses of the documented AUTH table
/// (docs/security.md). <c>details.reason</c> says more where it helps the caller and reveals nothing secret.
/// </summary>
internal static class JwtErrors
{
    public static ErrorResult InvalidToken(string reason) => Error(401, "AUTH001", "invalid token", reason);

    public static ErrorResult Expired() => Error(401, "AUTH002", "token has expired", null);

    public static ErrorResult WrongIssuer() => Error(401, "AUTH003", "invalid token issuer", null);

    public static ErrorResult WrongAudience() => Error(401, "AUTH004", "invalid token audience", null);

    public static ErrorResult Missing(JsonObject details) =>
        new(StatusCodes.Status401Unauthorized, "AUTH005", "missing authentication token", details);

    public static ErrorResult SigningKeyNotFound(string reason) => Error(500, "AUTH006", "signing key not found", reason);

    public static ErrorResult UnsupportedAlgorithm(string reason) =>
        Error(400, "AUTH007", "unsupported signing algorithm", reason);

    public static ErrorResult NoSymmetricSecret() =>
        Error(500, "AUTH008", "no secret configured for symmetric algorithm", $"set {JwtOptions.SecretKey}");

    public static ErrorResult JwksUnavailable() => Error(500, "AUTH009", "failed to fetch JWKS", null);

    private static ErrorResult Error(int status, string code, string message, string? reason) =>
        new(status, code, message, reason is null ? null : new JsonObject { ["reason"] = reason });
}
