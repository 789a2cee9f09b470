using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>How one step ended: succeeded with an output, failed with an error, skipped, or cancelled.</summary>
internal sealed record StepOutcome(StepStatus Status, JsonNode? Output, string? Error, string? Code)
{
    public static readonly StepOutcome Skipped = new(StepStatus.Skipped, null, null, null);
    public static readonly StepOutcome Cancelled = new(StepStatus.Cancelled, null, "cancelled", null);

    public bool Succeeded => Status == StepStatus.Succeeded;

    public static StepOutcome Success(JsonNode? output) => new(StepStatus.Succeeded, output, null, null);

    public static StepOutcome Failure(string error, string? code = null) => new(StepStatus.Failed, null, error, code);
}
