using System.Text.Json.Nodes;

namespace Stepwise.Server.Secrets;

/// <summary>One configuration value of the organization, as the API shows it.</summary>
internal sealed record ConfigEntry(string Key, JsonNode? Value, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
