namespace Stepwise.Server.Secrets;

/// <summary>The answer of <c>GET /api/v1/config</c> and of a bulk <c>PUT</c>: the entries by key.</summary>
internal sealed record ConfigList(IReadOnlyList<ConfigEntry> Config);
