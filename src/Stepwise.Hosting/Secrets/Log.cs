using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Secrets;

/// <summary>The log events of secrets, configuration and OAuth connections: names and ids, never values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Secrets.SecretUnreadable, EventName = "secret.unreadable", Level = LogLevel.Error,
        Message = "secret.unreadable org={org_id} name={name}: {problem}")]
    public static partial void SecretUnreadable(ILogger logger, string org_id, string name, string problem);

    [LoggerMessage(EventId = LogEventIds.Secrets.SecretChanged, EventName = "secret.changed", Level = LogLevel.Information,
        Message = "secret.changed org={org_id} name={name} change={change} key_id={key_id}")]
    public static partial void SecretChanged(ILogger logger, string org_id, string name, string change, string key_id);

    [LoggerMessage(EventId = LogEventIds.Secrets.ConfigChanged, EventName = "config.changed", Level = LogLevel.Information,
        Message = "config.changed org={org_id} key={key} change={change}")]
    public static partial void ConfigChanged(ILogger logger, string org_id, string key, string change);

    [LoggerMessage(EventId = LogEventIds.Secrets.OauthChanged, EventName = "oauth.changed", Level = LogLevel.Information,
        Message = "oauth.changed org={org_id} connection={connection} change={change}")]
    public static partial void OAuthChanged(ILogger logger, string org_id, string connection, string change);

    [LoggerMessage(EventId = LogEventIds.Secrets.OauthToken, EventName = "oauth.token", Level = LogLevel.Information,
        Message = "oauth.token org={org_id} connection={connection} grant={grant} expires_at={expires_at}")]
    public static partial void TokenObtained(ILogger logger, string org_id, string connection, string grant, DateTimeOffset? expires_at);

    [LoggerMessage(EventId = LogEventIds.Secrets.OauthTokenFailed, EventName = "oauth.token_failed", Level = LogLevel.Warning,
        Message = "oauth.token_failed org={org_id} connection={connection}: {problem}")]
    public static partial void TokenFailed(ILogger logger, string org_id, string connection, string problem);
}
