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

    [LoggerMessage(EventId = LogEventIds.Webhooks.WebhookAddressRefused, EventName = "webhook.address_refused", Level = LogLevel.Warning,
        Message = "webhook.address_refused org={org_id} path={path} workflow={workflow} client={client}: not in allow_ips")]
    public static partial void AddressRefused(ILogger logger, string org_id, string path, string workflow, string client);

    [LoggerMessage(EventId = LogEventIds.Webhooks.WebhookResponseFailed, EventName = "webhook.response_failed", Level = LogLevel.Warning,
        Message = "webhook.response_failed org={org_id} path={path} execution_id={execution_id}: {problem}")]
    public static partial void ResponseFailed(ILogger logger, string org_id, string path, string execution_id, string problem);
}
