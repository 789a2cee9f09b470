using Stepwise.Core.Telemetry;

namespace Stepwise.Server;

/// <summary>The server's log events; names follow ARCHITECTURE.md (request.start, http.error, ...).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Server.RequestStart, EventName = "request.start", Level = LogLevel.Information,
        Message = "request.start {method} {path} request_id={request_id}")]
    public static partial void RequestStart(ILogger logger, string method, string path, string request_id);

    [LoggerMessage(EventId = LogEventIds.Server.RequestEnd, EventName = "request.end", Level = LogLevel.Information,
        Message = "request.end {method} {path} {status_code} in {duration_ms} ms request_id={request_id} user_id={user_id}")]
    public static partial void RequestEnd(
        ILogger logger, string method, string path, int status_code, double duration_ms, string request_id, string? user_id);

    [LoggerMessage(EventId = LogEventIds.Server.HttpError, EventName = "http.error",
        Message = "http.error {method} {path} {status_code} {error_code}: {error_message}")]
    public static partial void HttpError(
        ILogger logger, LogLevel level, string method, string path, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = LogEventIds.Server.HttpRejected, EventName = "http.rejected", Level = LogLevel.Information,
        Message = "http.rejected {status_code} {error_code}: {error_message} request_id={request_id}")]
    public static partial void HttpRejected(
        ILogger logger, int status_code, string error_code, string error_message, string request_id);

    [LoggerMessage(EventId = LogEventIds.Server.ValidationError, EventName = "validation.error", Level = LogLevel.Information,
        Message = "validation.error {method} {path} {status_code} {error_code}: {error_message}")]
    public static partial void ValidationError(
        ILogger logger, string method, string path, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = LogEventIds.Server.DomainError, EventName = "domain.error", Level = LogLevel.Information,
        Message = "domain.error {method} {path} {status_code} {error_code}: {error_message}")]
    public static partial void DomainError(
        ILogger logger, string method, string path, int status_code, string error_code, string error_message);

    [LoggerMessage(EventId = LogEventIds.Server.UnhandledException, EventName = "unhandled exception", Level = LogLevel.Error,
        Message = "unhandled exception in {method} {path} request_id={request_id}")]
    public static partial void UnhandledException(
        ILogger logger, string method, string path, string request_id, Exception? exception);
}
