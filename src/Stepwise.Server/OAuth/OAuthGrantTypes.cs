namespace Stepwise.Server.OAuth;

/// <summary>The OAuth 2.0 grants a connection can use to get its tokens.</summary>
internal static class OAuthGrantTypes
{
    /// <summary>Server to server: the client id and secret buy a token whenever one is needed.</summary>
    public const string ClientCredentials = "client_credentials";

    /// <summary>A person authorizes once in the browser; the refresh token keeps the connection alive after that.</summary>
    public const string AuthorizationCode = "authorization_code";

    public const string RefreshToken = "refresh_token";
}
