using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>A record to store, <c>pending</c>.</summary>
public sealed record NewRecord(string Id, string OrgId, string Source, string Category, JsonNode? Payload, DateTimeOffset CreatedAt);
