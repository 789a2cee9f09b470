namespace Stepwise.Server;

/// <summary>The server's log events; names follow ARCHITECTURE.md (request.start, http.error, ...).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, EventName = "request.start", Level = LogLevel.Information,
        Message = "request.start {method} {path} request_id={request_id}")]
    public static partial void RequestStart(ILogger logger, string method, string path, string request_id);

    [LoggerMessage(EventId = 1001, EventName = "request.end", Level = LogLevel.Information,
        Message = "request.end {method} {path} {status_code} in {duration_ms} ms request_id={request_id} user_id={user_id}")]
    public static partial void RequestEnd(
        ILogger logger, string method, string path, int status_code, double duration_ms, string request_id, string? user_id);

    [LoggerMessage(EventId = 1002, EventName = "http.error",
        Message = "http.error {method} {path} {status_code} {error_code}: {error_message}")]
    public static partial void HttpError(
        ILogger logger, LogLevel level, string method, string path, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = 1003, EventName = "validation.error", Level = LogLevel.Information,
        Message = "validation.error {method} {path} {status_code} {error_code}: {error_message}")]
    public static partial void ValidationError(
        ILogger logger, string method, string path, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = 1005, EventName = "domain.error", Level = LogLevel.Information,
        Message = "domain.error {method} {path} {status_code} {error_code}: {error_message}")]
    public static partial void DomainError(
        ILogger logger, string method, string path, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = 1004, EventName = "unhandled exception", Level = LogLevel.Error,
        Message = "unhandled exception in {method} {path} request_id={request_id}")]
    public static partial void UnhandledException(
        ILogger logger, string method, string path, string request_id, Exception? exception);

    [LoggerMessage(EventId = 1011, EventName = "server.shutdown", Level = LogLevel.Information,
        Message = "Shutting down: waiting up to {grace} for {count} running executions")]
    public static partial void ShuttingDown(ILogger logger, TimeSpan grace, int count);

    [LoggerMessage(EventId = 1012, EventName = "server.shutdown_grace_elapsed", Level = LogLevel.Warning,
        Message = "Shutdown grace of {grace} elapsed; interrupting {count} executions (they resume at the next start)")]
    public static partial void GraceElapsed(ILogger logger, TimeSpan grace, int count);

    [LoggerMessage(EventId = 1100, EventName = "worker.recovered", Level = LogLevel.Information,
        Message = "Resuming {count} executions left unfinished by a stopped process")]
    public static partial void Recovering(ILogger logger, int count);

    [LoggerMessage(EventId = 1101, EventName = "worker.error", Level = LogLevel.Error,
        Message = "Execution {execution_id} stopped with an error in the worker")]
    public static partial void RunCrashed(ILogger logger, string execution_id, Exception exception);

    [LoggerMessage(EventId = 1102, EventName = "worker.poll_error", Level = LogLevel.Error,
        Message = "Claiming runs failed; trying again in {retry_in}")]
    public static partial void PollFailed(ILogger logger, TimeSpan retry_in, Exception exception);

    [LoggerMessage(EventId = 1103, EventName = "worker.requeued", Level = LogLevel.Warning,
        Message = "Execution {execution_id} stopped because the database could not be reached; running it again in {retry_in}")]
    public static partial void RunRequeued(ILogger logger, string execution_id, TimeSpan retry_in);
}
