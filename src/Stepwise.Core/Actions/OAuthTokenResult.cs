namespace Stepwise.Core.Actions;

/// <summary>An access token, or why there is none (never containing a secret).</summary>
public sealed record OAuthTokenResult(string? AccessToken, string? Error, bool Retryable = false)
{
    public static OAuthTokenResult Ok(string accessToken) => new(accessToken, null);

    public static OAuthTokenResult Fail(string error, bool retryable = false) => new(null, error, retryable);

    public static string ConnectionNotFound(string connection) => $"OAuth connection '{connection}' not found for organization";
}
