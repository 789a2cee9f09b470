namespace Stepwise.Server.OAuth;

/// <summary>The answer of <c>GET /api/v1/oauth/connections</c>: the organization's connections by name.</summary>
internal sealed record OAuthConnectionList(IReadOnlyList<OAuthConnectionInfo> Connections);
