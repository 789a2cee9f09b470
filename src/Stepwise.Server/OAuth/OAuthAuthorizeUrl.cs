namespace Stepwise.Server.OAuth;

/// <summary>
/// The answer of <c>GET .../authorize</c> asked for JSON (<c>Accept: application/json</c>): where to send the browser.
/// A page that authenticates with a header (the dashboard) cannot follow the redirect with the header on, so it asks
/// for the address and navigates there itself.
/// </summary>
internal sealed record OAuthAuthorizeUrl(string AuthorizeUrl);
