using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>One configuration value of an organization (<c>config.key</c> in expressions): any JSON value.</summary>
public sealed record ConfigEntryRecord(
    string OrgId, string Key, JsonNode? Value, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
