using NCrontab;

namespace Stepwise.Core.Triggers;

/// <summary>
/// A cron expression (5 fields, or 6 with seconds first) in an IANA time zone, answering "when does it fire next?"
/// as real instants. The founders asked for Cronos, which the package registry lacks; NCrontab.Signed matches wall
/// clock times and this type maps them to instants with Cronos's daylight-saving rules:
/// <list type="bullet">
/// <item>A local time skipped by a spring-forward gap fires once, at the first instant after the gap (02:30 on a
/// 02:00→03:00 night fires at 03:00); several skipped times collapse into that one fire.</item>
/// <item>A local time repeated by a fall-back overlap fires once, in its first (daylight) pass, unless the
/// expression is an interval one (its seconds, minutes or hours field starts with <c>*</c>, as in
/// <c>*/15 * * * *</c> or <c>0 * * * *</c>): those fire in both passes, so they keep firing at every real
/// interval.</item>
/// </list>
/// Thread-safe and immutable.
/// </summary>
public sealed class CronSchedule
{
    /// <summary>How far ahead a search looks before deciding the expression never fires (like <c>0 0 30 2 *</c>).</summary>
    private static readonly TimeSpan Horizon = TimeSpan.FromDays(366 * 10);

    private readonly CrontabSchedule _crontab;
    private readonly ZoneTransitions _zone;

    private CronSchedule(string expression, TimeZoneInfo timeZone, CrontabSchedule crontab, bool isInterval)
    {
        Expression = expression;
        TimeZone = timeZone;
        _crontab = crontab;
        _zone = new ZoneTransitions(timeZone);
        IsInterval = isInterval;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>Whether the seconds, minutes or hours field starts with <c>*</c> (fires in both passes of a fall-back).</summary>
    public bool IsInterval { get; }

    /// <summary>Parses an expression and an IANA time zone id; throws <see cref="FormatException"/> naming the problem.</summary>
    public static CronSchedule Parse(string expression, string timeZoneId = "UTC") =>
        TryParse(expression, timeZoneId, out var schedule, out var error)
            ? schedule
            : throw new FormatException(error);

    public static bool TryParse(
        string expression,
        string timeZoneId,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (string.IsNullOrWhiteSpace(expression))
        {
            error = "cron must not be empty; use 5 fields (minute hour day month weekday), or 6 with seconds first";
            return false;
        }

        var fields = expression.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is not (5 or 6))
        {
            error = $"cron must have 5 fields (minute hour day month weekday), or 6 with seconds first, got {fields.Length} in '{expression}'";
            return false;
        }

        var options = new CrontabSchedule.ParseOptions { IncludingSeconds = fields.Length == 6 };
        var (crontab, problem) = CrontabSchedule.TryParse<(CrontabSchedule? Schedule, string? Problem)>(
            string.Join(' ', fields),
            options,
            parsed => (parsed, null),
            failure => (null, $"invalid cron '{expression}': {failure().Message}"));
        if (crontab is null)
        {
            error = problem ?? $"invalid cron '{expression}'";
            return false;
        }

        if (string.IsNullOrWhiteSpace(timeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            error = $"unknown time zone '{timeZoneId}'; use an IANA name like Europe/Berlin or UTC";
            return false;
        }

        // Seconds, minutes and hours are the first three fields of a 6-field expression, the first two of a 5-field one.
        var timeFields = fields.Length == 6 ? fields[..3] : fields[..2];
        var isInterval = timeFields.Any(field => field.Split(',').Any(part => part.StartsWith('*')));
        schedule = new CronSchedule(expression, zone, crontab, isInterval);
        error = null;
        return true;
    }

    /// <summary>
    /// The first instant strictly after <paramref name="after"/> at which the schedule fires, or null when it never
    /// fires within ten years.
    /// </summary>
    /// <remarks>
    /// The search walks spans of constant UTC offset. Inside a span local time is the instant plus the offset, so the
    /// next cron match there is exact. At each offset change the walk checks the skipped local times of a gap (a
    /// match fires at the change) and continues in the next span, where local times repeated by an overlap are
    /// skipped unless the expression is an interval one.
    /// </remarks>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after)
    {
        // Instants are handled in whole ticks; "strictly after" becomes "at or after one tick later".
        var latest = DateTime.MaxValue - Horizon - TimeSpan.FromDays(2);
        var from = after.UtcDateTime < latest ? after.UtcDateTime.AddTicks(1) : latest;
        var limit = from + Horizon;
        while (from < limit)
        {
            var offset = _zone.OffsetAt(from);
            var local = NextLocalAtOrAfter(from + offset, limit + offset);
            if (local is null)
            {
                return null;
            }

            var instant = local.Value - offset;
            var change = _zone.FirstChangeAfter(from, instant, offset);
            if (change is null)
            {
                if (IsLatePassOfRepeatedTime(local.Value, offset) && !IsInterval)
                {
                    from = instant.AddTicks(1);
                    continue;
                }

                return ToUtc(instant);
            }

            // No match before the change in this span; a match among the local times a gap skips fires at the change.
            var (at, newOffset) = change.Value;
            if (newOffset > offset && NextLocalAtOrAfter(at + offset, at + newOffset) is not null)
            {
                return ToUtc(at);
            }

            from = at;
        }

        return null;
    }

    /// <summary>The next <paramref name="count"/> fire instants after <paramref name="after"/> (fewer if it stops firing).</summary>
    public IReadOnlyList<DateTimeOffset> GetNextOccurrences(DateTimeOffset after, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var result = new List<DateTimeOffset>(count);
        var cursor = after;
        while (result.Count < count && GetNextOccurrence(cursor) is { } next)
        {
            result.Add(next);
            cursor = next;
        }

        return result;
    }

    public override string ToString() => $"{Expression} ({TimeZone.Id})";

    private static DateTimeOffset ToUtc(DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>The first local time matching the cron at or after <paramref name="start"/> and before <paramref name="end"/>.</summary>
    private DateTime? NextLocalAtOrAfter(DateTime start, DateTime end)
    {
        // NCrontab answers strictly after a base time truncated to the second; cron times are whole seconds.
        var start0 = DateTime.SpecifyKind(start, DateTimeKind.Unspecified);
        var end0 = DateTime.SpecifyKind(end, DateTimeKind.Unspecified);
        var next = _crontab.GetNextOccurrence(start0.AddTicks(-1), end0);
        return next < end0 && next >= start0 ? next : null;
    }

    /// <summary>Whether <paramref name="local"/>, reached with <paramref name="offset"/>, is the second pass of a repeated time.</summary>
    private bool IsLatePassOfRepeatedTime(DateTime local, TimeSpan offset)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (!TimeZone.IsAmbiguousTime(unspecified))
        {
            return false;
        }

        // The first pass is the one with the larger offset (the earlier instant).
        return TimeZone.GetAmbiguousTimeOffsets(unspecified).Any(other => other > offset);
    }
}
