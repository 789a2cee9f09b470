namespace Stepwise.Core.Storage;

public enum StepStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Skipped,
    RetryScheduled,
    Cancelled,
}
