namespace Stepwise.Core.Storage;

/// <summary>
/// An OAuth 2.0 connection of an organization to a provider, by name (<c>auth: { oauth: HaloPSA }</c>). The client
/// secret and the tokens are sealed by the host; <see cref="StateHash"/> is the hash of the state of a pending
/// authorization-code flow (the state itself is never stored).
/// </summary>
public sealed record OAuthConnectionRecord(
    string OrgId,
    string Name,
    string GrantType,
    string ClientId,
    byte[]? ClientSecret,
    string TokenUrl,
    string? AuthorizeUrl,
    string? Scopes,
    string? RedirectUri,
    byte[]? AccessToken,
    byte[]? RefreshToken,
    DateTimeOffset? ExpiresAt,
    string? StateHash,
    DateTimeOffset? StateExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
