using System.Diagnostics;
using System.Globalization;
using System.Text;
using Stepwise.Core.Triggers;
using Xunit.Abstractions;

namespace Stepwise.Core.Tests.Triggers;

/// <summary>
/// <see cref="CronSchedule"/> against <see cref="CronOracle"/>: 1,000 generated expressions in 20 time zones (most of
/// them changing their clocks, Europe/Dublin's and Africa/Casablanca's "negative" daylight saving among them), five
/// fires each from starts placed around the zones' real offset changes. Zero differences allowed.
/// </summary>
public sealed class CronComparisonTests(ITestOutputHelper output)
{
    private static readonly string[] Zones =
    [
        "UTC", "Europe/Dublin", "Africa/Casablanca", "Europe/Berlin", "Europe/London", "America/New_York",
        "America/Los_Angeles", "America/Havana", "America/Santiago", "America/St_Johns", "Australia/Lord_Howe",
        "Australia/Adelaide", "Pacific/Auckland", "Pacific/Chatham", "Asia/Tehran", "Asia/Kolkata",
        "Asia/Kathmandu", "Antarctica/Troll", "Africa/Cairo", "Asia/Jerusalem",
    ];

    [Fact]
    public void GetNextOccurrences_ThousandExpressionsTwentyZones_MatchTheOracle()
    {
        var random = new Random(20);
        var expressions = Enumerable.Range(0, 1000).Select(_ => Generate(random)).ToList();
        var transitions = Zones.ToDictionary(id => id, id => Transitions(TimeZoneInfo.FindSystemTimeZoneById(id)));
        Assert.True(Zones.Count(id => transitions[id].Count > 0) >= 12, "most zones change their clocks in 2025-2028");

        var watch = Stopwatch.StartNew();
        var differences = new List<string>();
        var compared = 0;
        foreach (var expression in expressions)
        {
            foreach (var id in Zones)
            {
                var zone = TimeZoneInfo.FindSystemTimeZoneById(id);
                var start = Start(random, transitions[id]);
                var schedule = CronSchedule.Parse(expression, id);
                var oracle = new CronOracle(expression, zone);
                var cursor = start;
                for (var fire = 0; fire < 5; fire++)
                {
                    var expected = oracle.Next(cursor);
                    var actual = schedule.GetNextOccurrence(new DateTimeOffset(cursor, TimeSpan.Zero))?.UtcDateTime;
                    compared++;
                    if (expected != actual)
                    {
                        differences.Add($"'{expression}' in {id} after {cursor:O}: expected {expected:O}, got {actual:O}");
                        break;
                    }

                    if (expected is null)
                    {
                        break;
                    }

                    cursor = expected.Value;
                }
            }
        }

        output.WriteLine($"{compared} fire times compared in {watch.Elapsed.TotalSeconds:F1} s, {differences.Count} differences");
        Assert.True(compared >= 1000 * 20 * 5 * 9 / 10, $"only {compared} fire times compared");
        Assert.True(differences.Count == 0, string.Join('\n', differences.Take(20)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(60), $"took {watch.Elapsed}");
    }

    /// <summary>Every UTC instant in 2025-2028 at which the zone's offset changes, to the second.</summary>
    private static List<DateTime> Transitions(TimeZoneInfo zone)
    {
        var result = new List<DateTime>();
        var previous = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var offset = zone.GetUtcOffset(previous);
        for (var probe = previous.AddHours(1); probe.Year < 2029; probe = probe.AddHours(1))
        {
            var probed = zone.GetUtcOffset(probe);
            if (probed != offset)
            {
                var (low, high) = (previous, probe);
                while (high - low > TimeSpan.FromSeconds(1))
                {
                    var middle = low.AddSeconds((high - low).TotalSeconds / 2 is var half ? Math.Floor(half) : 0);
                    (low, high) = zone.GetUtcOffset(middle) == offset ? (middle, high) : (low, middle);
                }

                result.Add(high);
                offset = probed;
            }

            previous = probe;
        }

        return result;
    }

    private static DateTime Start(Random random, List<DateTime> transitions)
    {
        if (transitions.Count > 0 && random.Next(10) < 7)
        {
            // Within a day and a half before an offset change, at an arbitrary tick.
            var transition = transitions[random.Next(transitions.Count)];
            return transition.AddSeconds(-random.Next(36 * 3600)).AddTicks(random.Next(2) == 0 ? 0 : random.Next(10_000_000));
        }

        return new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.NextInt64(4L * 365 * 86400));
    }

    private static string Generate(Random random)
    {
        var withSeconds = random.Next(3) == 0;
        var fields = new List<string>();
        if (withSeconds)
        {
            fields.Add(Field(random, 0, 59, null, random.Next(4) == 0));
        }

        var monthRestricted = random.Next(5) == 0;
        fields.Add(Field(random, 0, 59, null, random.Next(4) == 0));
        fields.Add(Field(random, 0, 23, null, random.Next(3) == 0));
        fields.Add(Field(random, 1, monthRestricted ? 28 : 31, null, random.Next(2) == 0));
        fields.Add(monthRestricted ? Field(random, 1, 12, ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], false) : "*");
        fields.Add(Field(random, 0, 7, ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], random.Next(2) == 0));
        return string.Join(' ', fields);
    }

    private static string Field(Random random, int min, int max, string[]? names, bool star)
    {
        if (star)
        {
            return random.Next(3) switch
            {
                0 => "*",
                _ => $"*/{random.Next(1, Math.Min(max - min, 30) + 1)}",
            };
        }

        var parts = random.Next(4) == 0 ? random.Next(2, 4) : 1;
        var builder = new StringBuilder();
        for (var i = 0; i < parts; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var low = random.Next(min, max + 1);
            var high = random.Next(low, max + 1);
            builder.Append(random.Next(5) switch
            {
                0 => $"{Value(random, low, min, names)}-{Value(random, high, min, names)}",
                1 => $"{low}-{high}/{random.Next(1, Math.Min(6, max + 1))}",
                2 when high < max => $"{low}/{random.Next(1, Math.Min(10, max + 1))}",
                _ => Value(random, low, min, names),
            });
        }

        return builder.ToString();
    }

    private static string Value(Random random, int value, int min, string[]? names) =>
        names is not null && value - min < names.Length && random.Next(3) == 0
            ? names[value - min]
            : value.ToString(CultureInfo.InvariantCulture);
}
