namespace Stepwise.Core.Triggers;

/// <summary>
/// Finds where a time zone's UTC offset changes. <see cref="TimeZoneInfo"/> has no "next transition" query, so
/// this probes the offset every few hours and bisects to the exact tick; real zones never change their offset
/// twice within the probe step.
/// </summary>
internal sealed class ZoneTransitions
{
    private static readonly TimeSpan ProbeStep = TimeSpan.FromHours(6);

    private readonly TimeZoneInfo _zone;
    private readonly TimeSpan? _fixedOffset;

    public ZoneTransitions(TimeZoneInfo zone)
    {
        _zone = zone;
        _fixedOffset = zone.GetAdjustmentRules().Length == 0 ? zone.BaseUtcOffset : null;
    }

    public TimeSpan OffsetAt(DateTime utc) =>
        _fixedOffset ?? _zone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc));

    /// <summary>
    /// The first instant in (<paramref name="from"/>, <paramref name="to"/>] whose offset differs from
    /// <paramref name="offset"/> (the offset at <paramref name="from"/>), with the offset that starts there.
    /// </summary>
    public (DateTime At, TimeSpan Offset)? FirstChangeAfter(DateTime from, DateTime to, TimeSpan offset)
    {
        if (_fixedOffset is not null)
        {
            return null;
        }

        var previous = from;
        while (previous < to)
        {
            var probe = to - previous > ProbeStep ? previous + ProbeStep : to;
            var probed = OffsetAt(probe);
            if (probed != offset)
            {
                var at = Bisect(previous, probe, offset);
                return (at, OffsetAt(at));
            }

            previous = probe;
        }

        return null;
    }

    /// <summary>The first tick in (low, high] with an offset other than <paramref name="offset"/>; high has one.</summary>
    private DateTime Bisect(DateTime low, DateTime high, TimeSpan offset)
    {
        while (high.Ticks - low.Ticks > 1)
        {
            var middle = new DateTime(low.Ticks + ((high.Ticks - low.Ticks) / 2), DateTimeKind.Utc);
            if (OffsetAt(middle) == offset)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }
}
