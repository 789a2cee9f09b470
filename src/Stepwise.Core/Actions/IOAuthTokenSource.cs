namespace Stepwise.Core.Actions;

/// <summary>
/// Access tokens of an organization's OAuth connections, for the http action's <c>auth: { oauth: name }</c>. The
/// host that stores connections implements it; the engine finds it in the services it was given.
/// </summary>
public interface IOAuthTokenSource
{
    /// <summary>
    /// A valid access token of the connection: the stored one while it has not expired, else a fresh one (refresh
    /// token, or client credentials). With <paramref name="rejectedToken"/> (the server answered 401 to it), that
    /// token is replaced even if it has not expired, unless another caller replaced it already.
    /// </summary>
    ValueTask<OAuthTokenResult> GetTokenAsync(
        string orgId, string connection, string? rejectedToken, CancellationToken cancellationToken = default);
}
