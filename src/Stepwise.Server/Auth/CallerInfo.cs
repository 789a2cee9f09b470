namespace Stepwise.Server.Auth;

/// <summary>
/// <c>GET /api/v1/me</c>: who the credential is (an API key id or a user's subject), which organization the request
/// acts for, its role, and whether it may choose another organization. Clients such as the dashboard use it to show
/// only what the role may do; the server still checks every request.
/// </summary>
internal sealed record CallerInfo(string Id, string Kind, string OrgId, string Role, bool IsPlatformAdmin);
