namespace Stepwise.Storage.Diagnostics;

/// <summary>Schedules with a recorded tick, and the latest tick any of them fired.</summary>
public sealed record ScheduleCounts(long Tracked, DateTimeOffset? LastFiredAt);
