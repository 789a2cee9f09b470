using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Storage.Common;

/// <summary>
/// Statuses and levels are stored as the snake_case words the API shows, so the tables read well in any SQL client
/// and an enum reordering never changes stored data.
/// </summary>
internal static class StatusNames
{
    /// <summary>
    /// The unfinished statuses as a SQL list. It must stay identical to the predicate of the partial index
    /// <c>ix_executions_resumable</c> so the planner uses that index.
    /// </summary>
    public const string UnfinishedSqlList = "'pending', 'running', 'compensating'";

    /// <summary>The same rule as <see cref="ExecutionRecord.IsFinished"/>, for a status alone.</summary>
    public static bool IsFinished(ExecutionStatus status) => status is ExecutionStatus.Succeeded
        or ExecutionStatus.Failed or ExecutionStatus.Cancelled or ExecutionStatus.TimedOut
        or ExecutionStatus.Compensated;

    public static string ToText(ExecutionStatus status) => status switch
    {
        ExecutionStatus.Pending => "pending",
        ExecutionStatus.Running => "running",
        ExecutionStatus.Succeeded => "succeeded",
        ExecutionStatus.Failed => "failed",
        ExecutionStatus.Cancelled => "cancelled",
        ExecutionStatus.TimedOut => "timed_out",
        ExecutionStatus.Compensating => "compensating",
        ExecutionStatus.Compensated => "compensated",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown execution status."),
    };

    public static ExecutionStatus ParseExecutionStatus(string text) => text switch
    {
        "pending" => ExecutionStatus.Pending,
        "running" => ExecutionStatus.Running,
        "succeeded" => ExecutionStatus.Succeeded,
        "failed" => ExecutionStatus.Failed,
        "cancelled" => ExecutionStatus.Cancelled,
        "timed_out" => ExecutionStatus.TimedOut,
        "compensating" => ExecutionStatus.Compensating,
        "compensated" => ExecutionStatus.Compensated,
        _ => throw new StorageException($"The database holds an unknown execution status '{text}'."),
    };

    public static string ToText(StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.Running => "running",
        StepStatus.Succeeded => "succeeded",
        StepStatus.Failed => "failed",
        StepStatus.Skipped => "skipped",
        StepStatus.RetryScheduled => "retry_scheduled",
        StepStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown step status."),
    };

    public static StepStatus ParseStepStatus(string text) => text switch
    {
        "pending" => StepStatus.Pending,
        "running" => StepStatus.Running,
        "succeeded" => StepStatus.Succeeded,
        "failed" => StepStatus.Failed,
        "skipped" => StepStatus.Skipped,
        "retry_scheduled" => StepStatus.RetryScheduled,
        "cancelled" => StepStatus.Cancelled,
        _ => throw new StorageException($"The database holds an unknown step status '{text}'."),
    };

    public static string ToText(ExecutionLogLevel level) => level switch
    {
        ExecutionLogLevel.Debug => "debug",
        ExecutionLogLevel.Info => "info",
        ExecutionLogLevel.Warning => "warning",
        ExecutionLogLevel.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown log level."),
    };

    public static ExecutionLogLevel ParseLogLevel(string text) => text switch
    {
        "debug" => ExecutionLogLevel.Debug,
        "info" => ExecutionLogLevel.Info,
        "warning" => ExecutionLogLevel.Warning,
        "error" => ExecutionLogLevel.Error,
        _ => throw new StorageException($"The database holds an unknown log level '{text}'."),
    };
}
