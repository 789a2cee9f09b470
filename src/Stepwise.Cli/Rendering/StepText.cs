using System.Globalization;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Rendering;

/// <summary>Words and durations for step states, shared by the plain and the live progress views.</summary>
internal static class StepText
{
    public static string Status(StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.Running => "running",
        StepStatus.Succeeded => "succeeded",
        StepStatus.Failed => "failed",
        StepStatus.Skipped => "skipped",
        StepStatus.RetryScheduled => "retry scheduled",
        StepStatus.Cancelled => "cancelled",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Status(ExecutionStatus status) => status switch
    {
        ExecutionStatus.TimedOut => "timed out",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static string Duration(TimeSpan duration) => duration.TotalSeconds switch
    {
        < 1 => $"{Math.Max(0, duration.TotalMilliseconds).ToString("0", CultureInfo.InvariantCulture)}ms",
        < 60 => $"{duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s",
        _ => $"{(int)duration.TotalMinutes}m{duration.Seconds:00}s",
    };

    /// <summary>One line describing a step record, e.g. <c>call: retry scheduled in 200ms (attempt 1: HTTP 500)</c>.</summary>
    public static string Describe(StepRecord step)
    {
        var text = $"{step.StepId}: {Status(step.Status)}";
        switch (step.Status)
        {
            case StepStatus.Running when step.DueAt is { } due && due > step.StartedAt:
                text += $", waiting {Duration(due - step.StartedAt)}";
                break;
            case StepStatus.Running when step.Attempt > 1:
                text += $" (attempt {step.Attempt})";
                break;
            case StepStatus.Succeeded when step.FinishedAt is { } finished:
                text += $" in {Duration(finished - step.StartedAt)}";
                break;
            case StepStatus.RetryScheduled:
                // The record is the next attempt's timer: written when the last one failed (StartedAt), due at DueAt.
                var wait = step.DueAt is { } retryAt ? $" in {Duration(retryAt - step.StartedAt)}" : string.Empty;
                text += $"{wait} (attempt {step.Attempt - 1}: {step.Error})";
                break;
            case StepStatus.Failed or StepStatus.Cancelled when step.Error is not null:
                text += $": {step.Error}";
                break;
            default:
                break;
        }

        return text;
    }
}
