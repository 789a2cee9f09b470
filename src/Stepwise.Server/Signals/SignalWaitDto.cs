using System.Text.Json.Nodes;

namespace Stepwise.Server.Signals;

/// <summary>A wait for a signal as the API shows it. <c>signal</c> is the name to POST to (the approval's node id).</summary>
internal sealed record SignalWaitDto(
    string ExecutionId,
    string Signal,
    string Workflow,
    string Kind,
    string Status,
    DateTimeOffset WaitingSince,
    DateTimeOffset? DueAt,
    JsonObject? Details,
    JsonNode? Payload,
    string? SentBy,
    DateTimeOffset? ResolvedAt);
