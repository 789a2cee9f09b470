using System.Text.Json.Nodes;

namespace Stepwise.Server.Actions;

/// <summary>
/// What one action did when tried alone: <c>succeeded</c> with its output or <c>failed</c> with its error (secrets
/// masked as in a run's record), how long it took, and the lines it logged.
/// </summary>
internal sealed record ActionTrialResult(
    string ActionType,
    string Status,
    JsonNode? Output,
    string? Error,
    long DurationMs,
    IReadOnlyList<ActionTrialLogLine> Logs);

internal sealed record ActionTrialLogLine(string Level, string Message, JsonNode? Data);
