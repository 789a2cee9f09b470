namespace Stepwise.Server.Triggers;

/// <summary>The answer of <c>GET /api/v1/schedules</c>: the organization's schedules and file watches.</summary>
internal sealed record ScheduleList(IReadOnlyList<ScheduleDto> Schedules, IReadOnlyList<FileWatchDto> FileWatches);
