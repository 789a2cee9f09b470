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

    /// <summary>Waits for a signal or a due time: the run parks when nothing else can go on.</summary>
    Waiting,
}
