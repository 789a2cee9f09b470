using Cronos;

namespace Stepwise.Core.Triggers;

/// <summary>
/// A cron expression (5 fields, 6 with seconds first, or a macro like <c>@daily</c>) in an IANA time zone, answering
/// "when does it fire next?" as real instants. Cronos matches wall-clock times; this type checks the fields (see
/// <see cref="CronFields"/>), applies standard cron's day rule (both day fields restricted: either matches), and maps
/// wall-clock times to instants with these daylight-saving rules, decided from the zone's real UTC offsets:
/// <list type="bullet">
/// <item>A local time skipped by a spring-forward gap fires once, at the first instant after the gap (02:30 on a
/// 02:00→03:00 night fires at 03:00); several skipped times collapse into that one fire.</item>
/// <item>A local time repeated by a fall-back overlap fires once, in its first pass (the earlier instant), unless the
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

    /// <summary>The longest overlap a real zone has had (Antarctica/Troll's 2 hours), with room to spare.</summary>
    private static readonly TimeSpan LongestOverlap = TimeSpan.FromHours(3);

    private readonly IReadOnlyList<CronExpression> _expressions;
    private readonly ZoneTransitions _zone;

    private CronSchedule(string expression, TimeZoneInfo timeZone, IReadOnlyList<CronExpression> expressions, bool isInterval)
    {
        Expression = expression;
        TimeZone = timeZone;
        _expressions = expressions;
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

    /// <summary>The problem with a cron expression (naming its field), or null when it is valid.</summary>
    public static string? Check(string expression)
    {
        CronFields.TryParse(expression, out var error);
        return error;
    }

    public static bool TryParse(
        string expression,
        string timeZoneId,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CronSchedule? schedule,
        [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error)
    {
        schedule = null;
        if (CronFields.TryParse(expression, out error) is not { } fields)
        {
            error ??= $"invalid cron '{expression}'";
            return false;
        }

        if (string.IsNullOrWhiteSpace(timeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var zone))
        {
            error = $"unknown time zone '{timeZoneId}'; use an IANA name like Europe/Berlin or UTC";
            return false;
        }

        var format = fields.HasSeconds ? CronFormat.IncludeSeconds : CronFormat.Standard;
        var expressions = new List<CronExpression>(fields.Expressions.Count);
        foreach (var text in fields.Expressions)
        {
            try
            {
                expressions.Add(CronExpression.Parse(text, format));
            }
            catch (CronFormatException exception)
            {
                error = $"invalid cron '{expression}': {exception.Message}";
                return false;
            }
        }

        schedule = new CronSchedule(expression, zone, expressions, fields.IsInterval);
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
                if (!IsInterval && IsLatePassOfRepeatedTime(local.Value, offset))
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
        // Cron times are whole seconds: round a fractional start up, then ask Cronos for wall-clock matches (as UTC).
        var whole = start.Ticks % TimeSpan.TicksPerSecond == 0 ? start : start.AddTicks(TimeSpan.TicksPerSecond - (start.Ticks % TimeSpan.TicksPerSecond));
        var from = DateTime.SpecifyKind(whole, DateTimeKind.Utc);
        DateTime? best = null;
        foreach (var expression in _expressions)
        {
            if (expression.GetNextOccurrence(from, inclusive: true) is { } next && (best is null || next < best))
            {
                best = next;
            }
        }

        return best is { } found && found < DateTime.SpecifyKind(end, DateTimeKind.Utc)
            ? DateTime.SpecifyKind(found, DateTimeKind.Unspecified)
            : null;
    }

    /// <summary>
    /// Whether <paramref name="local"/>, reached with <paramref name="offset"/>, is the second pass of a repeated time:
    /// the same wall-clock time also happened earlier under a larger offset. Decided from the offsets the zone really
    /// has, not its daylight flags (Europe/Dublin and Africa/Casablanca have "negative" daylight saving).
    /// </summary>
    private bool IsLatePassOfRepeatedTime(DateTime local, TimeSpan offset)
    {
        var instant = local - offset;
        for (var back = TimeSpan.FromMinutes(15); back <= LongestOverlap; back += TimeSpan.FromMinutes(15))
        {
            var earlier = _zone.OffsetAt(instant - back);
            if (earlier > offset && _zone.OffsetAt(local - earlier) == earlier && local - earlier < instant)
            {
                return true;
            }
        }

        return false;
    }
}
