using Stepwise.Core.Definitions;
using Stepwise.Core.Triggers;

namespace Stepwise.Server.Triggers;

/// <summary>Runner statuses to wire shapes.</summary>
internal static class TriggerViews
{
    public static IReadOnlyList<ScheduleDto> Schedules(TriggerHost triggers, string orgId, string? workflow = null) =>
        [.. triggers.Schedules(orgId, workflow).Select(status => new ScheduleDto(
            status.Key.Workflow, status.Cron, status.TimeZone, status.NextFireAt, status.LastFiredAt))];

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
