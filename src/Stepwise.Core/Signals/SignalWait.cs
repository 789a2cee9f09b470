using System.Text.Json.Nodes;

namespace Stepwise.Core.Signals;

/// <summary>
/// One step of a run waiting for a named signal (an approval is one), as the store keeps it: a durable row, so the
/// wait survives restarts and a signal accepted by any node answers it. <see cref="Name"/> is the step id (the
/// approval node's id). <see cref="Details"/> is what the workflow wants a person to see (message, links).
/// </summary>
public sealed record SignalWait(
    string ExecutionId,
    string Name,
    string OrgId,
    string Workflow,
    string Kind,
    SignalWaitStatus Status,
    DateTimeOffset WaitingSince,
    DateTimeOffset? DueAt,
    JsonObject? Details,
    JsonNode? Payload,
    string? SentBy,
    DateTimeOffset? ResolvedAt);
