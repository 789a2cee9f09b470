using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>Statuses as the API, logs and messages spell them (snake_case).</summary>
internal static class StatusNames
{
    public static string Of(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Pending => "pending",
        ExecutionStatus.Running => "running",
        ExecutionStatus.Succeeded => "succeeded",
        ExecutionStatus.Failed => "failed",
        ExecutionStatus.Cancelled => "cancelled",
        ExecutionStatus.TimedOut => "timed_out",
        ExecutionStatus.Compensating => "compensating",
        _ => "compensated",
    };

    public static string Of(StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.Running => "running",
        StepStatus.Succeeded => "succeeded",
        StepStatus.Failed => "failed",
        StepStatus.Skipped => "skipped",
        StepStatus.RetryScheduled => "retry_scheduled",
        _ => "cancelled",
    };
}
