using Stepwise.Sdk;

namespace Stepwise.Core.Storage;

/// <summary>
/// Statuses and log levels as the API, the logs, the CLI and the database spell them (snake_case). The one place
/// those words are defined, mapped explicitly so that reordering an enum never changes stored data or the wire.
/// </summary>
public static class StatusText
{
    /// <summary>Every execution status, comma-separated, for messages that list what is accepted.</summary>
    public const string ExecutionStatusList =
        "pending, running, succeeded, failed, cancelled, timed_out, compensating, compensated";

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

    public static string ToText(ExecutionLogLevel level) => level switch
    {
        ExecutionLogLevel.Debug => "debug",
        ExecutionLogLevel.Info => "info",
        ExecutionLogLevel.Warning => "warning",
        ExecutionLogLevel.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown log level."),
    };

    public static bool TryParse(string? text, out ExecutionStatus status)
    {
        (var known, status) = text switch
        {
            "pending" => (true, ExecutionStatus.Pending),
            "running" => (true, ExecutionStatus.Running),
            "succeeded" => (true, ExecutionStatus.Succeeded),
            "failed" => (true, ExecutionStatus.Failed),
            "cancelled" => (true, ExecutionStatus.Cancelled),
            "timed_out" => (true, ExecutionStatus.TimedOut),
            "compensating" => (true, ExecutionStatus.Compensating),
            "compensated" => (true, ExecutionStatus.Compensated),
            _ => (false, default(ExecutionStatus)),
        };
        return known;
    }

    public static bool TryParse(string? text, out StepStatus status)
    {
        (var known, status) = text switch
        {
            "pending" => (true, StepStatus.Pending),
            "running" => (true, StepStatus.Running),
            "succeeded" => (true, StepStatus.Succeeded),
            "failed" => (true, StepStatus.Failed),
            "skipped" => (true, StepStatus.Skipped),
            "retry_scheduled" => (true, StepStatus.RetryScheduled),
            "cancelled" => (true, StepStatus.Cancelled),
            _ => (false, default(StepStatus)),
        };
        return known;
    }

    public static bool TryParse(string? text, out ExecutionLogLevel level)
    {
        (var known, level) = text switch
        {
            "debug" => (true, ExecutionLogLevel.Debug),
            "info" => (true, ExecutionLogLevel.Info),
            "warning" => (true, ExecutionLogLevel.Warning),
            "error" => (true, ExecutionLogLevel.Error),
            _ => (false, default(ExecutionLogLevel)),
        };
        return known;
    }
}
