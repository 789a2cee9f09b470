using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Auth.Jwt;

/// <summary>Log events of bearer-token checks.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Jwt.JwksFetched, EventName = "jwks.fetched", Level = LogLevel.Information,
        Message = "jwks.fetched {url}: {key_count} RSA keys")]
    public static partial void JwksFetched(ILogger logger, string url, int key_count);

    [LoggerMessage(EventId = LogEventIds.Jwt.JwksFetchFailed, EventName = "jwks.fetch_failed", Level = LogLevel.Warning,
        Message = "jwks.fetch_failed {url}: {error_type}: {error_message} ({failures} in a row; no fetch for {backoff})")]
    public static partial void JwksFetchFailed(
        ILogger logger, string url, string error_type, string error_message, int failures, TimeSpan backoff);
}
