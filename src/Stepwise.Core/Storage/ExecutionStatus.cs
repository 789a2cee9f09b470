namespace Stepwise.Core.Storage;

public enum ExecutionStatus
{
    Pending,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    TimedOut,
    Compensating,
    Compensated,
}
