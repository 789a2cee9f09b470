namespace Stepwise.Server.OAuth;

/// <summary>
/// A connection as the API shows it: never the client secret or a token, only whether there is one.
/// <see cref="Status"/> is <c>authorized</c> (it holds a token or can get one with client credentials),
/// <c>pending</c> (an authorization was started) or <c>not_authorized</c>.
/// </summary>
internal sealed record OAuthConnectionInfo(
    string Name,
    string GrantType,
    string ClientId,
    bool HasClientSecret,
    string TokenUrl,
    string? AuthorizeUrl,
    string? Scopes,
    string? RedirectUri,
    string Status,
    bool HasRefreshToken,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
