using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>How one step ended: succeeded with an output, failed with an error, skipped, or cancelled.</summary>
internal sealed record StepOutcome(StepStatus Status, JsonNode? Output, string? Error, string? Code)
{
    public static readonly StepOutcome Skipped = new(StepStatus.Skipped, null, null, null);
    public static readonly StepOutcome Cancelled = new(StepStatus.Cancelled, null, "cancelled", null);

    public bool Succeeded => Status == StepStatus.Succeeded;

    /// <summary>For a step that parked the run (status running): the signal it waits for, if any.</summary>
    public string? WaitName { get; init; }

    /// <summary>For a step that parked the run: when to look again even without a signal; null for never.</summary>
    public DateTimeOffset? ResumeAt { get; init; }

    public bool IsSuspended => Status == StepStatus.Running;

    public static StepOutcome Suspended(string? waitName, DateTimeOffset? resumeAt) =>
        new(StepStatus.Running, null, null, null) { WaitName = waitName, ResumeAt = resumeAt };

    public static StepOutcome Success(JsonNode? output) => new(StepStatus.Succeeded, output, null, null);

    public static StepOutcome Failure(string error, string? code = null) => new(StepStatus.Failed, null, error, code);
}
