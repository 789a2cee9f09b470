namespace Stepwise.Server.Auth.Login;

/// <summary>The answer of login and refresh: a bearer access token and the refresh token that replaces it.</summary>
internal sealed record LoginTokens(
    string AccessToken,
    string TokenType,
    int ExpiresIn,
    DateTimeOffset ExpiresAt,
    string RefreshToken,
    DateTimeOffset RefreshExpiresAt,
    string UserId,
    string Username,
    string OrgId,
    string Role);
