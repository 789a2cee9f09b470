namespace Stepwise.Server.Secrets;

/// <summary>What the API tells about a secret: never its value.</summary>
internal sealed record SecretInfo(string Name, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
