using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Triggers;

/// <summary>The log events of trigger hosting: the webhook table, schedules, file watches and the runs they start.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Triggers.WebhookPathTaken, EventName = "webhook.path_taken", Level = LogLevel.Warning,
        Message = "webhook.path_taken org={org_id} path={path}: workflow {workflow} also claims it; {owner} keeps it")]
    public static partial void WebhookPathTaken(ILogger logger, string org_id, string path, string workflow, string owner);

    [LoggerMessage(EventId = LogEventIds.Triggers.TriggersLoaded, EventName = "triggers.loaded", Level = LogLevel.Information,
        Message = "triggers.loaded {workflows} workflows, {webhooks} webhooks, {schedules} schedules, {watches} file watches")]
    public static partial void Loaded(ILogger logger, int workflows, int webhooks, int schedules, int watches);

    [LoggerMessage(EventId = LogEventIds.Triggers.TriggersInvalid, EventName = "triggers.invalid", Level = LogLevel.Error,
        Message = "triggers.invalid org={org_id} workflow={workflow} version={version}: {problem}")]
    public static partial void Invalid(ILogger logger, string org_id, string workflow, int version, string problem);

    [LoggerMessage(EventId = LogEventIds.Triggers.TriggersRefreshFailed, EventName = "triggers.refresh_failed", Level = LogLevel.Error,
        Message = "triggers.refresh_failed: reading the deployed workflows failed; trying again")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = LogEventIds.Triggers.TriggerRunStarted, EventName = "trigger.run_started", Level = LogLevel.Information,
        Message = "trigger.run_started source={source} org={org_id} workflow={workflow} execution_id={execution_id} trigger={trigger}")]
    public static partial void RunStarted(
        ILogger logger, string source, string org_id, string workflow, string execution_id, string trigger);

    [LoggerMessage(EventId = LogEventIds.Triggers.TriggerWorkflowGone, EventName = "trigger.workflow_gone", Level = LogLevel.Information,
        Message = "trigger.workflow_gone org={org_id} workflow={workflow} trigger={trigger}: the workflow is no longer deployed; no run started")]
    public static partial void WorkflowGone(ILogger logger, string org_id, string workflow, string trigger);
}
