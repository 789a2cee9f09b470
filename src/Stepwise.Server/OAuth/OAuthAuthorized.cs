namespace Stepwise.Server.OAuth;

/// <summary>The answer of the authorization-code callback: which connection now holds tokens, and until when.</summary>
internal sealed record OAuthAuthorized(string Connection, string Status, bool HasRefreshToken, DateTimeOffset? ExpiresAt);
