using Stepwise.Core.Definitions;
using Stepwise.Core.Triggers;

namespace Stepwise.Server.Triggers;

/// <summary>Runner statuses to wire shapes.</summary>
internal static class TriggerViews
{
    public static IReadOnlyList<ScheduleDto> Schedules(
        TriggerHost triggers, string orgId, string? workflow = null, int count = 1, DateTimeOffset? now = null) =>
        [.. triggers.Schedules(orgId, workflow).Select(status => new ScheduleDto(
            status.Key.Workflow, status.Cron, status.TimeZone, status.NextFireAt, status.LastFiredAt)
        {
            NextFireTimes = NextFireTimes(status, count, now),
        })];

    /// <summary>The next <paramref name="count"/> fire times: the one the runner waits for, then the cron's following ones.</summary>
    private static IReadOnlyList<DateTimeOffset> NextFireTimes(ScheduleStatus status, int count, DateTimeOffset? now)
    {
        if (status.NextFireAt is not { } next || !CronSchedule.TryParse(status.Cron, status.TimeZone, out var cron, out _))
        {
            return [];
        }

        var times = new List<DateTimeOffset>(count) { next };
        var cursor = now is { } at && at > next ? at : next;
        times.AddRange(cron.GetNextOccurrences(cursor, count - 1));
        return times;
    }

    public static IReadOnlyList<FileWatchDto> FileWatches(TriggerHost triggers, string orgId, string? workflow = null) =>
        [.. triggers.FileWatches(orgId, workflow).Select(status => new FileWatchDto(
            status.Key.Workflow, status.Folder, status.Pattern, Events(status.Events), status.FolderPresent))];

    private static List<string> Events(FileWatchEvents events)
    {
        var names = new List<string>(3);
        if (events.HasFlag(FileWatchEvents.Created))
        {
            names.Add("created");
        }

        if (events.HasFlag(FileWatchEvents.Changed))
        {
            names.Add("changed");
        }

        if (events.HasFlag(FileWatchEvents.Deleted))
        {
            names.Add("deleted");
        }

        return names;
    }
}
