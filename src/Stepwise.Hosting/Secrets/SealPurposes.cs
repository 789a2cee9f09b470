namespace Stepwise.Hosting.Secrets;

/// <summary>What a sealed value is, part of its associated data: a value sealed as one cannot be opened as another.</summary>
internal static class SealPurposes
{
    public const string Secret = "secret";

    public const string OAuthClientSecret = "oauth-client-secret";

    public const string OAuthAccessToken = "oauth-access-token";

    public const string OAuthRefreshToken = "oauth-refresh-token";
}
