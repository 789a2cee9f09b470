namespace Stepwise.Sdk;

/// <summary>An organization's OAuth connection with an access token valid now (refreshed before expiry).</summary>
/// <param name="Name">The connection's name.</param>
/// <param name="AccessToken">The token; masked wherever the run records it.</param>
public sealed record OAuthConnection(string Name, string AccessToken)
{
    /// <summary>The value of an <c>Authorization</c> header carrying the token.</summary>
    public string AuthorizationHeader => $"Bearer {AccessToken}";

    /// <summary>Keeps the token out of logs and exception messages.</summary>
    public override string ToString() => $"OAuthConnection {{ Name = {Name} }}";
}
