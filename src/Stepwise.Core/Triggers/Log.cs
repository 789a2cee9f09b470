using Microsoft.Extensions.Logging;
using Stepwise.Core.Telemetry;

namespace Stepwise.Core.Triggers;

internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Schedules.ScheduleFired, EventName = "schedule.fired", Level = LogLevel.Information,
        Message = "schedule.fired schedule={Schedule} due_at={DueAt:O} caught_up={CaughtUp}")]
    public static partial void ScheduleFired(ILogger logger, string schedule, DateTimeOffset dueAt, bool caughtUp);

    [LoggerMessage(EventId = LogEventIds.Schedules.ScheduleStateFailed, EventName = "schedule.state_failed", Level = LogLevel.Warning,
        Message = "schedule {Schedule}: reading or writing its last-fired time failed; retrying in {RetryDelay}")]
    public static partial void ScheduleStateFailed(ILogger logger, Exception exception, string schedule, TimeSpan retryDelay);

    [LoggerMessage(EventId = LogEventIds.Schedules.TriggerStartFailed, EventName = "trigger.start_failed", Level = LogLevel.Error,
        Message = "trigger {Trigger} of workflow {Workflow} in org {OrgId}: starting the run failed")]
    public static partial void StartFailed(ILogger logger, Exception exception, string trigger, string workflow, string orgId);

    [LoggerMessage(EventId = LogEventIds.Schedules.ScheduleAdded, EventName = "schedule.added", Level = LogLevel.Debug,
        Message = "schedule {Schedule} registered")]
    public static partial void ScheduleAdded(ILogger logger, string schedule);

    [LoggerMessage(EventId = LogEventIds.Schedules.ScheduleRemoved, EventName = "schedule.removed", Level = LogLevel.Debug,
        Message = "schedule {Schedule} removed")]
    public static partial void ScheduleRemoved(ILogger logger, string schedule);

    [LoggerMessage(EventId = LogEventIds.Schedules.FileWatchStarted, EventName = "file_watch.started", Level = LogLevel.Information,
        Message = "file_watch.started watch={Watch} folder={Folder} pattern={Pattern}")]
    public static partial void WatchStarted(ILogger logger, string watch, string folder, string pattern);

    [LoggerMessage(EventId = LogEventIds.Schedules.FileWatchFolderMissing, EventName = "file_watch.folder_missing", Level = LogLevel.Warning,
        Message = "file_watch.folder_missing watch={Watch} folder={Folder}: waiting for it to appear")]
    public static partial void FolderMissing(ILogger logger, string watch, string folder);

    [LoggerMessage(EventId = LogEventIds.Schedules.FileWatchError, EventName = "file_watch.error", Level = LogLevel.Warning,
        Message = "file_watch.error watch={Watch} folder={Folder}: the watcher failed; re-attaching")]
    public static partial void WatcherFailed(ILogger logger, Exception exception, string watch, string folder);

    [LoggerMessage(EventId = LogEventIds.Schedules.FileWatchEvent, EventName = "file_watch.event", Level = LogLevel.Debug,
        Message = "file_watch.event watch={Watch} path={Path} event={Event}")]
    public static partial void FileEvent(ILogger logger, string watch, string path, string @event);
}
