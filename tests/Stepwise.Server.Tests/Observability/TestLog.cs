using Microsoft.Extensions.Logging;

namespace Stepwise.Server.Tests.Observability;

/// <summary>Events shaped like the server's own [LoggerMessage] events.</summary>
internal static partial class TestLog
{
    [LoggerMessage(EventId = 9001, EventName = "execution.end", Level = LogLevel.Information,
        Message = "execution.end execution_id={ExecutionId} workflow={Workflow} status={Status} duration_ms={DurationMs}")]
    public static partial void ExecutionFinished(ILogger logger, string executionId, string workflow, string status, double durationMs);

    [LoggerMessage(EventId = 9002, EventName = "step.end", Level = LogLevel.Debug,
        Message = "step.end step_id={StepId}")]
    public static partial void StepFinished(ILogger logger, string stepId);

    [LoggerMessage(EventId = 9003, EventName = "auth.login", Level = LogLevel.Information,
        Message = "login with password={Password} api_key={ApiKey} for {User}")]
    public static partial void Login(ILogger logger, string password, string apiKey, string user);

    [LoggerMessage(EventId = 9004, EventName = "domain.error", Level = LogLevel.Information,
        Message = "domain.error {status_code} {error_code}: {error_message}")]
    public static partial void DomainError(ILogger logger, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = 9005, EventName = "unhandled exception", Level = LogLevel.Error,
        Message = "unhandled exception in {path}")]
    public static partial void Unhandled(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 9006, EventName = "named.like.the.line", Level = LogLevel.Information,
        Message = "fields named level={Level} and event={Event}")]
    public static partial void NamedLikeTheLine(ILogger logger, string level, string @event);

    [LoggerMessage(EventId = 9007, EventName = "batch.done", Level = LogLevel.Information,
        Message = "batch.done {{ids}} {Ids} in {Elapsed:F1} ms")]
    public static partial void BatchDone(ILogger logger, IReadOnlyList<string> ids, double elapsed);

    [LoggerMessage(EventId = 9008, EventName = "value.logged", Level = LogLevel.Information, Message = "value.logged {Value}")]
    public static partial void ValueLogged(ILogger logger, object? value);

    [LoggerMessage(EventId = 9009, EventName = "pair.logged", Level = LogLevel.Information, Message = "pair.logged {First} {Second}")]
    public static partial void PairLogged(ILogger logger, string first, object? second);
}
