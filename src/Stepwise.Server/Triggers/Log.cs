using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Triggers;

/// <summary>The log events of webhooks, schedules and file watches in the server.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Triggers.WebhookRejected, EventName = "webhook.rejected", Level = LogLevel.Warning,
        Message = "webhook.rejected org={org_id} path={path} workflow={workflow}: {reason}")]
    public static partial void WebhookRejected(ILogger logger, string org_id, string path, string workflow, string reason);

    [LoggerMessage(EventId = LogEventIds.Triggers.WebhookSecretUnavailable, EventName = "webhook.secret_unavailable", Level = LogLevel.Error,
        Message = "webhook.secret_unavailable org={org_id} path={path} workflow={workflow}: the secret cannot be resolved: {problem}")]
    public static partial void SecretUnavailable(ILogger logger, string org_id, string path, string workflow, string problem);
}
