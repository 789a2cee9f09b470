using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Core.Scheduling;

internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Executions.ExecutionStart, EventName = "execution.start", Level = LogLevel.Information,
        Message = "execution.start execution_id={ExecutionId} workflow={Workflow} version={Version}")]
    public static partial void ExecutionStarted(ILogger logger, string executionId, string workflow, int version);

    [LoggerMessage(EventId = LogEventIds.Executions.ExecutionEnd, EventName = "execution.end", Level = LogLevel.Information,
        Message = "execution.end execution_id={ExecutionId} workflow={Workflow} status={Status} duration_ms={DurationMs}")]
    public static partial void ExecutionFinished(
        ILogger logger, string executionId, string workflow, string status, double durationMs);

    [LoggerMessage(EventId = LogEventIds.Executions.StepEnd, EventName = "step.end", Level = LogLevel.Debug,
        Message = "step.end execution_id={ExecutionId} step_id={StepId} attempt={Attempt} status={Status}")]
    public static partial void StepFinished(ILogger logger, string executionId, string stepId, int attempt, string status);

    [LoggerMessage(EventId = LogEventIds.Executions.ExecutionInterrupted, EventName = "execution.interrupted", Level = LogLevel.Information,
        Message = "execution.interrupted execution_id={ExecutionId}: the host is stopping; the run will resume")]
    public static partial void ExecutionInterrupted(ILogger logger, string executionId);

    [LoggerMessage(EventId = LogEventIds.Executions.LeaseRenewFailed, EventName = "lease.renew_failed", Level = LogLevel.Warning,
        Message = "renewing the leases of owner {Owner} failed")]
    public static partial void LeaseRenewFailed(ILogger logger, Exception exception, string owner);

    [LoggerMessage(EventId = LogEventIds.Executions.ExecutionBackgroundFailed, EventName = "execution.background_failed", Level = LogLevel.Error,
        Message = "background run of execution {ExecutionId} failed")]
    public static partial void BackgroundRunFailed(ILogger logger, Exception exception, string executionId);

    [LoggerMessage(EventId = LogEventIds.Executions.ExecutionRetry, EventName = "execution.retry", Level = LogLevel.Information,
        Message = "execution.retry execution_id={ExecutionId} from_node={FromNode} steps_again={StepsAgain}")]
    public static partial void ExecutionRetried(ILogger logger, string executionId, string? fromNode, int stepsAgain);

    [LoggerMessage(EventId = LogEventIds.Executions.ExecutionCompensate, EventName = "execution.compensate", Level = LogLevel.Information,
        Message = "execution.compensate execution_id={ExecutionId}: compensation requested")]
    public static partial void CompensationRequested(ILogger logger, string executionId);

    [LoggerMessage(EventId = LogEventIds.Agents.ExecutionParked, EventName = "execution.parked", Level = LogLevel.Information,
        Message = "execution.parked execution_id={ExecutionId} waits_for={WaitsFor} resume_at={ResumeAt:O} parked={Parked}")]
    public static partial void ExecutionParked(
        ILogger logger, string executionId, string waitsFor, DateTimeOffset resumeAt, bool parked);
}
