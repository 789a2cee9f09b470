using Microsoft.Extensions.Logging;

namespace Stepwise.Core.Scheduling;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, EventName = "execution.start", Level = LogLevel.Information,
        Message = "execution.start execution_id={ExecutionId} workflow={Workflow} version={Version}")]
    public static partial void ExecutionStarted(ILogger logger, string executionId, string workflow, int version);

    [LoggerMessage(EventId = 2002, EventName = "execution.end", Level = LogLevel.Information,
        Message = "execution.end execution_id={ExecutionId} workflow={Workflow} status={Status} duration_ms={DurationMs}")]
    public static partial void ExecutionFinished(
        ILogger logger, string executionId, string workflow, string status, double durationMs);

    [LoggerMessage(EventId = 2003, EventName = "step.end", Level = LogLevel.Debug,
        Message = "step.end execution_id={ExecutionId} step_id={StepId} attempt={Attempt} status={Status}")]
    public static partial void StepFinished(ILogger logger, string executionId, string stepId, int attempt, string status);

    [LoggerMessage(EventId = 2004, EventName = "execution.interrupted", Level = LogLevel.Information,
        Message = "execution.interrupted execution_id={ExecutionId}: the host is stopping; the run will resume")]
    public static partial void ExecutionInterrupted(ILogger logger, string executionId);

    [LoggerMessage(EventId = 2005, EventName = "lease.renew_failed", Level = LogLevel.Warning,
        Message = "renewing the leases of owner {Owner} failed")]
    public static partial void LeaseRenewFailed(ILogger logger, Exception exception, string owner);

    [LoggerMessage(EventId = 2006, EventName = "execution.background_failed", Level = LogLevel.Error,
        Message = "background run of execution {ExecutionId} failed")]
    public static partial void BackgroundRunFailed(ILogger logger, Exception exception, string executionId);

    [LoggerMessage(EventId = 2007, EventName = "execution.retry", Level = LogLevel.Information,
        Message = "execution.retry execution_id={ExecutionId} from_node={FromNode} steps_again={StepsAgain}")]
    public static partial void ExecutionRetried(ILogger logger, string executionId, string? fromNode, int stepsAgain);

    [LoggerMessage(EventId = 2008, EventName = "execution.compensate", Level = LogLevel.Information,
        Message = "execution.compensate execution_id={ExecutionId}: compensation requested")]
    public static partial void CompensationRequested(ILogger logger, string executionId);

    [LoggerMessage(EventId = 7300, EventName = "execution.parked", Level = LogLevel.Information,
        Message = "execution.parked execution_id={ExecutionId} waits_for={WaitsFor} resume_at={ResumeAt:O} parked={Parked}")]
    public static partial void ExecutionParked(
        ILogger logger, string executionId, string waitsFor, DateTimeOffset resumeAt, bool parked);
}
