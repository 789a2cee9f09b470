using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The retries and compensation requests a run has had, read back from its log. Each request writes one log line
/// (no step) whose data says what it did, so a run resumed after a crash still knows which recorded attempts a retry
/// superseded and when its whole-run timeout restarted. A retry starts a new round of attempts for each step it runs
/// again: attempts numbered below the round's first are history, not state.
/// </summary>
internal sealed class RunControlHistory
{
    private const string ControlField = "control";
    private const string RoundsField = "rounds";
    private const string FromNodeField = "from_node";

    public static readonly RunControlHistory None = new(new Dictionary<string, int>(StringComparer.Ordinal), null);

    private readonly Dictionary<string, int> _roundStarts;

    private RunControlHistory(Dictionary<string, int> roundStarts, DateTimeOffset? lastRequestAt, bool cancelRequested = false)
    {
        _roundStarts = roundStarts;
        LastRequestAt = lastRequestAt;
        CancelRequested = cancelRequested;
    }

    /// <summary>
    /// A cancel was requested (by another node, while this run was held or parked) and no retry or compensation
    /// came after it: the resumed run ends cancelled at once rather than waiting again.
    /// </summary>
    public bool CancelRequested { get; }

    /// <summary>When the latest retry or compensation request was made: the run's timeout counts from there.</summary>
    public DateTimeOffset? LastRequestAt { get; }

    /// <summary>The first attempt number of the step's current round: 1 unless a retry ran the step again.</summary>
    public int RoundStartOf(string stepId) => _roundStarts.GetValueOrDefault(stepId, 1);

    public bool IsSuperseded(StepRecord step) => step.Attempt < RoundStartOf(step.StepId);

    public static RunControlHistory Read(IReadOnlyList<ExecutionLogRecord> logs)
    {
        Dictionary<string, int>? rounds = null;
        DateTimeOffset? last = null;
        var cancelRequested = false;
        foreach (var line in logs)
        {
            if (line.StepId is null && line.Data is JsonObject cancel && cancel["cancel_requested"]?.GetValueKind() == JsonValueKind.True)
            {
                cancelRequested = true;
                continue;
            }

            if (line.StepId is not null || line.Data is not JsonObject data
                || data[ControlField]?.GetValueKind() != JsonValueKind.String)
            {
                continue;
            }

            last = line.At;
            cancelRequested = false;
            if (data[RoundsField] is not JsonObject starts)
            {
                continue;
            }

            rounds ??= new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (stepId, value) in starts)
            {
                if (value is JsonValue number && number.TryGetValue<int>(out var start)
                    && start > rounds.GetValueOrDefault(stepId))
                {
                    rounds[stepId] = start;
                }
            }
        }

        return last is null && !cancelRequested ? None : new RunControlHistory(rounds ?? [], last, cancelRequested);
    }

    /// <summary>The log line recording a retry: the node it re-runs from, if any, and the rounds it starts.</summary>
    public static LogWritten RetryLine(
        string executionId, string? fromNode, IReadOnlyDictionary<string, int> roundStarts, DateTimeOffset at)
    {
        var rounds = new JsonObject();
        foreach (var (stepId, start) in roundStarts.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            rounds[stepId] = start;
        }

        var message = fromNode is null
            ? "Retry requested: failed and unfinished steps run again"
            : $"Retry requested from node '{fromNode}': it and the nodes downstream of it run again";
        var data = new JsonObject { [ControlField] = "retry", [FromNodeField] = fromNode, [RoundsField] = rounds };
        return new LogWritten(new ExecutionLogRecord(executionId, null, ExecutionLogLevel.Info, message, data, at));
    }

    /// <summary>The log line recording a compensation request.</summary>
    public static LogWritten CompensationLine(string executionId, DateTimeOffset at) =>
        new(new ExecutionLogRecord(
            executionId,
            null,
            ExecutionLogLevel.Info,
            "Compensation requested: completed steps are undone in reverse order",
            new JsonObject { [ControlField] = "compensate" },
            at));
}
