using System.Text.Json.Nodes;

namespace Stepwise.Server.Records;

/// <summary>A record on the wire; <see cref="Runs"/> (every run that processed it, newest first) only on <c>GET /{id}</c>.</summary>
internal sealed record RecordDto(
    string Id,
    string Source,
    string Category,
    string Status,
    JsonNode? Payload,
    JsonNode? Output,
    string? Error,
    string? ExecutionId,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RecordRunDto>? Runs = null);
