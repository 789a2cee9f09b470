using System.Globalization;

namespace Stepwise.Core.Tests.Triggers;

/// <summary>
/// An independent cron oracle written from the cron rules, for comparing <see cref="Stepwise.Core.Triggers.CronSchedule"/>
/// against: its own field parser (numbers, names, ranges, steps, lists; 0 and 7 are Sunday), the standard day rule
/// (both day fields restricted: either matches, otherwise both), and brute force: it walks wall-clock times second by
/// second (skipping days, hours and minutes that cannot match), maps each matching wall-clock time to the instants
/// that have it by asking the zone for its offsets, and applies the documented daylight-saving rule: a skipped time
/// fires at the first instant after the gap; a repeated time fires in its first pass only, unless the seconds,
/// minutes or hours field starts with '*', when it fires in both.
/// </summary>
internal sealed class CronOracle
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[] _seconds;
    private readonly bool[] _minutes;
    private readonly bool[] _hours;
    private readonly bool[] _daysOfMonth;
    private readonly bool[] _months;
    private readonly bool[] _daysOfWeek;
    private readonly bool _eitherDay;
    private readonly bool _interval;
    private readonly TimeZoneInfo _zone;

    public CronOracle(string expression, TimeZoneInfo zone)
    {
        _zone = zone;
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 5)
        {
            fields = ["0", .. fields];
        }

        _seconds = Set(fields[0], 0, 59, null);
        _minutes = Set(fields[1], 0, 59, null);
        _hours = Set(fields[2], 0, 23, null);
        _daysOfMonth = Set(fields[3], 1, 31, null);
        _months = Set(fields[4], 1, 12, Months);
        _daysOfWeek = Set(fields[5], 0, 7, Days);
        _daysOfWeek[0] |= _daysOfWeek[7];
        _eitherDay = !fields[3].StartsWith('*') && !fields[5].StartsWith('*');
        var timeFields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? fields[..3] : fields[1..3];
        _interval = timeFields.Any(field => field.Split(',').Any(part => part.StartsWith('*')));
    }

    /// <summary>The first fire strictly after <paramref name="after"/>, or null within <paramref name="years"/> years.</summary>
    public DateTime? Next(DateTime after, int years = 12)
    {
        var (minOffset, _) = OffsetsNear(after);
        var start = Floor(after + minOffset);
        DateTime? best = null;
        var bestStop = DateTime.MaxValue;
        var lastDay = start.Date.AddYears(years);
        for (var day = start.Date; day <= lastDay; day = day.AddDays(1))
        {
            if (!_months[day.Month] || !DayMatches(day))
            {
                continue;
            }

            for (var hour = 0; hour < 24; hour++)
            {
                if (!_hours[hour] || day.AddHours(hour + 1) <= start)
                {
                    continue;
                }

                for (var minute = 0; minute < 60; minute++)
                {
                    if (!_minutes[minute] || day.AddHours(hour).AddMinutes(minute + 1) <= start)
                    {
                        continue;
                    }

                    for (var second = 0; second < 60; second++)
                    {
                        var local = day.AddHours(hour).AddMinutes(minute).AddSeconds(second);
                        if (!_seconds[second] || local < start)
                        {
                            continue;
                        }

                        if (local > bestStop)
                        {
                            return best;
                        }

                        foreach (var instant in Instants(local))
                        {
                            if (instant > after && (best is null || instant < best))
                            {
                                best = instant;
                                var (_, maxOffset) = OffsetsNear(instant);
                                bestStop = instant + maxOffset;
                            }
                        }
                    }
                }
            }
        }

        return best;
    }

    private static DateTime Floor(DateTime time) => new(time.Ticks - (time.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Unspecified);

    private static bool[] Set(string field, int min, int max, string[]? names)
    {
        var set = new bool[max + 1];
        foreach (var part in field.Split(','))
        {
            var pieces = part.Split('/');
            var step = pieces.Length == 2 ? int.Parse(pieces[1], CultureInfo.InvariantCulture) : 1;
            int low, high;
            if (pieces[0] is "*" or "?")
            {
                (low, high) = (min, max);
            }
            else if (pieces[0].Split('-') is { Length: 2 } bounds)
            {
                (low, high) = (Number(bounds[0], names, min), Number(bounds[1], names, min));
            }
            else
            {
                low = Number(pieces[0], names, min);
                high = pieces.Length == 2 ? max : low;
            }

            for (var value = low; value <= high; value += step)
            {
                set[value] = true;
            }
        }

        return set;
    }

    private static int Number(string text, string[]? names, int nameBase)
    {
        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        return index >= 0 ? index + nameBase : int.Parse(text, CultureInfo.InvariantCulture);
    }

    private bool DayMatches(DateTime day)
    {
        var byMonthDay = _daysOfMonth[day.Day];
        var byWeekDay = _daysOfWeek[(int)day.DayOfWeek];
        return _eitherDay ? byMonthDay || byWeekDay : byMonthDay && byWeekDay;
    }

    private TimeSpan Offset(DateTime utc) => _zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>The smallest and largest offsets within six hours of an instant.</summary>
    private (TimeSpan Min, TimeSpan Max) OffsetsNear(DateTime utc)
    {
        var min = TimeSpan.MaxValue;
        var max = TimeSpan.MinValue;
        for (var minutes = -360; minutes <= 360; minutes += 15)
        {
            var offset = Offset(utc.AddMinutes(minutes));
            min = offset < min ? offset : min;
            max = offset > max ? offset : max;
        }

        return (min, max);
    }

    /// <summary>The instants at which a matching wall-clock time fires, by the documented rule.</summary>
    private IEnumerable<DateTime> Instants(DateTime local)
    {
        var before = Offset(local.AddHours(-15));
        var after = Offset(local.AddHours(13));
        var valid = new[] { before, after }.Distinct()
            .Where(offset => Offset(local - offset) == offset)
            .Select(offset => DateTime.SpecifyKind(local - offset, DateTimeKind.Utc))
            .Order()
            .ToList();
        if (valid.Count == 0)
        {
            // A gap: the first instant whose offset is the later one.
            var low = local - after;
            var high = local - before;
            while (high - low > TimeSpan.FromSeconds(1))
            {
                var middle = low + ((high - low) / 2);
                middle = Floor(middle);
                if (Offset(middle) == after)
                {
                    high = middle;
                }
                else
                {
                    low = middle;
                }
            }

            return [DateTime.SpecifyKind(Offset(low) == after ? low : high, DateTimeKind.Utc)];
        }

        return _interval ? valid : valid.Take(1);
    }
}
