namespace Stepwise.Core.Scheduling;

internal enum NodeStatus
{
    Pending,
    Running,
    Succeeded,

    /// <summary>Failed with continue_on_error: finished, its output is <c>{error: ...}</c>.</summary>
    FailedContinued,
    Failed,
    Skipped,
    Cancelled,
}
