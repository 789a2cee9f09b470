using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Server.Executions;

/// <summary>Records to wire shapes; statuses as the snake_case words the API documents.</summary>
internal static class ExecutionViews
{
    public static ExecutionSummary Summary(ExecutionRecord execution) => new(
        execution.Id,
        execution.Workflow,
        execution.Version,
        StatusText.ToText(execution.Status),
        execution.Output,
        execution.Error,
        execution.ParentExecutionId,
        execution.CreatedAt,
        execution.StartedAt,
        execution.FinishedAt,
        Duration(execution.StartedAt, execution.FinishedAt));

    public static ExecutionDetail Detail(ExecutionRecord execution, IReadOnlyList<StepRecord> steps) => new(
        execution.Id,
        execution.Workflow,
        execution.Version,
        StatusText.ToText(execution.Status),
        execution.Params,
        execution.Output,
        execution.Error,
        execution.ParentExecutionId,
        execution.CreatedAt,
        execution.StartedAt,
        execution.FinishedAt,
        Duration(execution.StartedAt, execution.FinishedAt),
        Steps(steps));

    public static LogLineDto Line(ExecutionLogRecord line) => new(
        line.At,
        line.Level switch
        {
            ExecutionLogLevel.Debug => "debug",
            ExecutionLogLevel.Info => "info",
            ExecutionLogLevel.Warning => "warning",
            _ => "error",
        },
        line.StepId,
        line.Message,
        line.Data);

    private static List<StepDto> Steps(IReadOnlyList<StepRecord> records)
    {
        var order = new List<string>();
        var byStep = new Dictionary<string, List<StepRecord>>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (!byStep.TryGetValue(record.StepId, out var attempts))
            {
                byStep[record.StepId] = attempts = [];
                order.Add(record.StepId);
            }

            attempts.Add(record);
        }

        return
        [
            .. order.Select(stepId =>
            {
                var attempts = byStep[stepId].OrderBy(a => a.Attempt).ToList();
                var latest = attempts[^1];
                var first = attempts.Min(a => a.StartedAt);
                return new StepDto(
                    stepId,
                    latest.NodeId,
                    StatusText.ToText(latest.Status),
                    attempts.Count(a => a.Status != StepStatus.Pending),
                    latest.Output,
                    latest.Error,
                    first,
                    latest.FinishedAt,
                    Duration(first, latest.FinishedAt),
                    [.. attempts.Select(a => new StepAttemptDto(
                        a.Attempt, StatusText.ToText(a.Status), a.Input, a.Output, a.Error, a.StartedAt, a.FinishedAt,
                        Duration(a.StartedAt, a.FinishedAt), a.DueAt))]);
            }),
        ];
    }

    private static double? Duration(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } from && end is { } to ? Math.Max(0, (to - from).TotalMilliseconds) : null;
}
