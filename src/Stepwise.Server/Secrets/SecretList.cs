namespace Stepwise.Server.Secrets;

/// <summary>The answer of <c>GET /api/v1/secrets</c>: names and times, by name.</summary>
internal sealed record SecretList(IReadOnlyList<SecretInfo> Secrets);
