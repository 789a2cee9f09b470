using Stepwise.Core.Storage;

namespace Stepwise.Core.Triggers;

/// <summary>
/// A registered schedule as <c>GET /api/v1/workflows/{name}</c> and <c>stepwise schedules list</c> show it.
/// <see cref="NextFireAt"/> is null when the expression never fires again; <see cref="LastFiredAt"/> is null until
/// the schedule's state has been read from the store.
/// </summary>
public sealed record ScheduleStatus(
    ScheduleKey Key,
    string Cron,
    string TimeZone,
    DateTimeOffset? NextFireAt,
    DateTimeOffset? LastFiredAt);
