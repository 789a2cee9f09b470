using System.Text.Json.Nodes;

namespace Stepwise.Core.Storage;

/// <summary>
/// A record of an organization: data that arrived from <see cref="Source"/> to be processed by the workflow bound
/// to its <see cref="Category"/>. <see cref="ExecutionId"/> is the latest run that processed it;
/// <see cref="ClaimUntil"/> is when a <c>processing</c> claim lapses if its node never finishes it.
/// </summary>
public sealed record StoredRecord(
    string Id,
    string OrgId,
    string Source,
    string Category,
    string Status,
    JsonNode? Payload,
    JsonNode? Output,
    string? Error,
    string? ExecutionId,
    int Attempts,
    DateTimeOffset? ClaimUntil,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
