using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Storage;

public sealed record ExecutionLogRecord(
    string ExecutionId,
    string? StepId,
    ExecutionLogLevel Level,
    string Message,
    JsonNode? Data,
    DateTimeOffset At);
