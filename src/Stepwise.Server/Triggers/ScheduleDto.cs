namespace Stepwise.Server.Triggers;

/// <summary>
/// A schedule trigger as it runs: its cron and time zone, the next tick (null when the expression never fires again)
/// and the last tick claimed (null until the schedule's state has been read). <see cref="NextFireTimes"/> lists the
/// next N fire times (<c>?count=N</c>), starting with <see cref="NextFireAt"/>.
/// </summary>
internal sealed record ScheduleDto(
    string Workflow,
    string Cron,
    string Timezone,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? LastFiredAt)
{
    public IReadOnlyList<DateTimeOffset> NextFireTimes { get; init; } = [];
}
