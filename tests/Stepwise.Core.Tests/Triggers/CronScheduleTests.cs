using Stepwise.Core.Triggers;

namespace Stepwise.Core.Tests.Triggers;

/// <summary>
/// Fire times as real instants. 2026 transitions: Europe/Berlin springs forward on 29 March at 01:00Z (02:00 CET →
/// 03:00 CEST) and falls back on 25 October at 01:00Z (03:00 CEST → 02:00 CET); America/New_York springs forward on
/// 8 March at 07:00Z (02:00 EST → 03:00 EDT) and falls back on 1 November at 06:00Z (02:00 EDT → 01:00 EST).
/// </summary>
public sealed class CronScheduleTests
{
    [Fact]
    public void GetNextOccurrence_FiveFieldsInUtc_FiresAtTheNextMinuteMatch()
    {
        var schedule = CronSchedule.Parse("*/15 * * * *");

        var next = schedule.GetNextOccurrences(Utc(2026, 1, 5, 10, 7, 30), 3);

        Assert.Equal([Utc(2026, 1, 5, 10, 15), Utc(2026, 1, 5, 10, 30), Utc(2026, 1, 5, 10, 45)], next);
    }

    [Fact]
    public void GetNextOccurrence_SixFieldsWithSeconds_FiresOnTheSecondsField()
    {
        var schedule = CronSchedule.Parse("*/20 * * * * *");

        var next = schedule.GetNextOccurrences(Utc(2026, 1, 5, 10, 0, 0), 4);

        Assert.Equal(
            [Utc(2026, 1, 5, 10, 0, 20), Utc(2026, 1, 5, 10, 0, 40), Utc(2026, 1, 5, 10, 1, 0), Utc(2026, 1, 5, 10, 1, 20)],
            next);
    }

    [Fact]
    public void GetNextOccurrence_AfterIsAFireTime_ReturnsTheFollowingOneNotTheSame()
    {
        var schedule = CronSchedule.Parse("0 12 * * *");

        Assert.Equal(Utc(2026, 1, 6, 12, 0), schedule.GetNextOccurrence(Utc(2026, 1, 5, 12, 0)));
        Assert.Equal(Utc(2026, 1, 5, 12, 0), schedule.GetNextOccurrence(Utc(2026, 1, 5, 11, 59, 59).AddTicks(9_999_999)));
    }

    [Fact]
    public void GetNextOccurrence_TimeZone_FiresAtLocalWallClockTime()
    {
        var schedule = CronSchedule.Parse("0 9 * * 1-5", "Europe/Berlin");

        // Friday 9 January 2026 09:00 CET is 08:00Z; the next is Monday 12 January.
        Assert.Equal(Utc(2026, 1, 9, 8, 0), schedule.GetNextOccurrence(Utc(2026, 1, 9, 7, 0)));
        Assert.Equal(Utc(2026, 1, 12, 8, 0), schedule.GetNextOccurrence(Utc(2026, 1, 9, 8, 0)));
        // In summer 09:00 CEST is 07:00Z.
        Assert.Equal(Utc(2026, 7, 1, 7, 0), schedule.GetNextOccurrence(Utc(2026, 7, 1, 0, 0)));
    }

    [Fact]
    public void GetNextOccurrence_BerlinSpringForward_SkippedTimeFiresOnceAtTheEndOfTheGap()
    {
        var schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var next = schedule.GetNextOccurrences(Utc(2026, 3, 28, 1, 30), 2);

        // 28 March 02:30 CET fired at 01:30Z; 29 March 02:30 does not exist, so it fires at 03:00 CEST (01:00Z).
        Assert.Equal([Utc(2026, 3, 29, 1, 0), Utc(2026, 3, 30, 0, 30)], next);
    }

    [Fact]
    public void GetNextOccurrence_BerlinSpringForwardInterval_GapTimesCollapseIntoOneFire()
    {
        var schedule = CronSchedule.Parse("*/30 * * * *", "Europe/Berlin");

        var next = schedule.GetNextOccurrences(Utc(2026, 3, 29, 0, 15), 3);

        // 01:30 CET, then 02:00, 02:30 (skipped) and 03:00 CEST all at 01:00Z, then 03:30 CEST.
        Assert.Equal([Utc(2026, 3, 29, 0, 30), Utc(2026, 3, 29, 1, 0), Utc(2026, 3, 29, 1, 30)], next);
    }

    [Fact]
    public void GetNextOccurrence_BerlinFallBack_RepeatedTimeFiresOnce()
    {
        var schedule = CronSchedule.Parse("30 2 * * *", "Europe/Berlin");

        var next = schedule.GetNextOccurrences(Utc(2026, 10, 24, 12, 0), 2);

        // 02:30 CEST (00:30Z) fires; 02:30 CET (01:30Z) an hour later does not; the next is 26 October 02:30 CET.
        Assert.Equal([Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 26, 1, 30)], next);
    }

    [Fact]
    public void GetNextOccurrence_BerlinFallBackFromInsideTheLatePass_DoesNotFireTheRepeatedTime()
    {
        var schedule = CronSchedule.Parse("45 2 * * *", "Europe/Berlin");

        // 01:15Z is 02:15 CET in the second pass; 02:45 CET (01:45Z) repeats 02:45 CEST (00:45Z), which already fired.
        Assert.Equal(Utc(2026, 10, 26, 1, 45), schedule.GetNextOccurrence(Utc(2026, 10, 25, 1, 15)));
    }

    [Fact]
    public void GetNextOccurrence_BerlinFallBackInterval_FiresAtEveryRealHalfHour()
    {
        var schedule = CronSchedule.Parse("*/30 * * * *", "Europe/Berlin");

        var next = schedule.GetNextOccurrences(Utc(2026, 10, 24, 23, 45), 5);

        // 02:00 CEST, 02:30 CEST, 02:00 CET, 02:30 CET, 03:00 CET.
        Assert.Equal(
            [Utc(2026, 10, 25, 0, 0), Utc(2026, 10, 25, 0, 30), Utc(2026, 10, 25, 1, 0), Utc(2026, 10, 25, 1, 30), Utc(2026, 10, 25, 2, 0)],
            next);
    }

    [Fact]
    public void GetNextOccurrence_NewYorkSpringForward_SkippedTwoAmFiresAtThreeEdt()
    {
        var schedule = CronSchedule.Parse("0 2 * * *", "America/New_York");

        var next = schedule.GetNextOccurrences(Utc(2026, 3, 7, 12, 0), 2);

        // 8 March 02:00 EST does not exist: it fires at 03:00 EDT (07:00Z); 9 March 02:00 EDT is 06:00Z.
        Assert.Equal([Utc(2026, 3, 8, 7, 0), Utc(2026, 3, 9, 6, 0)], next);
    }

    [Fact]
    public void GetNextOccurrence_NewYorkFallBack_RepeatedOneThirtyFiresOnce()
    {
        var schedule = CronSchedule.Parse("30 1 * * *", "America/New_York");

        var next = schedule.GetNextOccurrences(Utc(2026, 10, 31, 12, 0), 2);

        // 01:30 EDT (05:30Z) fires, 01:30 EST (06:30Z) does not; 2 November 01:30 EST is 06:30Z.
        Assert.Equal([Utc(2026, 11, 1, 5, 30), Utc(2026, 11, 2, 6, 30)], next);
    }

    [Fact]
    public void GetNextOccurrence_NewYorkFallBackHourly_FiresInBothPasses()
    {
        var schedule = CronSchedule.Parse("0 * * * *", "America/New_York");

        var next = schedule.GetNextOccurrences(Utc(2026, 11, 1, 4, 30), 4);

        // 01:00 EDT (05:00Z), 01:00 EST (06:00Z), 02:00 EST (07:00Z), 03:00 EST (08:00Z).
        Assert.Equal([Utc(2026, 11, 1, 5, 0), Utc(2026, 11, 1, 6, 0), Utc(2026, 11, 1, 7, 0), Utc(2026, 11, 1, 8, 0)], next);
    }

    [Fact]
    public void GetNextOccurrence_NewYorkSpringForwardEveryTenSeconds_ContinuesAfterTheGap()
    {
        var schedule = CronSchedule.Parse("*/10 * * * * *", "America/New_York");

        var next = schedule.GetNextOccurrences(Utc(2026, 3, 8, 6, 59, 45), 4);

        // 01:59:50 EST, then every skipped time in 02:00-02:59 collapses into 03:00:00 EDT (07:00Z).
        Assert.Equal([Utc(2026, 3, 8, 6, 59, 50), Utc(2026, 3, 8, 7, 0, 0), Utc(2026, 3, 8, 7, 0, 10), Utc(2026, 3, 8, 7, 0, 20)], next);
    }

    [Fact]
    public void GetNextOccurrence_NeverMatchingDate_ReturnsNull()
    {
        var schedule = CronSchedule.Parse("0 0 30 2 *");

        Assert.Null(schedule.GetNextOccurrence(Utc(2026, 1, 1, 0, 0)));
    }

    [Fact]
    public void GetNextOccurrence_LeapDay_FindsTheNextLeapYear()
    {
        var schedule = CronSchedule.Parse("0 0 29 2 *", "Europe/Berlin");

        Assert.Equal(Utc(2028, 2, 28, 23, 0), schedule.GetNextOccurrence(Utc(2026, 1, 1, 0, 0)));
    }

    [Fact]
    public void IsInterval_StarInATimeField_IsTrueOnlyThen()
    {
        Assert.True(CronSchedule.Parse("*/5 * * * *").IsInterval);
        Assert.True(CronSchedule.Parse("0 * * * *").IsInterval);
        Assert.True(CronSchedule.Parse("* 30 2 * * *").IsInterval);
        Assert.False(CronSchedule.Parse("30 2 * * *").IsInterval);
        Assert.False(CronSchedule.Parse("0 30 2 * * *").IsInterval);
    }

    [Theory]
    [InlineData("", "UTC", "cron must not be empty")]
    [InlineData("* * * *", "UTC", "cron must have 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first, got 4 in '* * * *'")]
    [InlineData("61 * * * *", "UTC", "invalid cron '61 * * * *'")]
    [InlineData("0 9 * * *", "Mars/Olympus", "unknown time zone 'Mars/Olympus'")]
    public void TryParse_BadInput_ExplainsTheProblem(string cron, string zone, string expected)
    {
        Assert.False(CronSchedule.TryParse(cron, zone, out var schedule, out var error));
        Assert.Null(schedule);
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
        Assert.Equal(error, Assert.Throws<FormatException>(() => CronSchedule.Parse(cron, zone)).Message);
    }

    [Fact]
    public void Bug_20_seconds_field_skipped_fires_when_the_search_started_between_matches()
    {
        // NCrontab answered 03:00:59 for a search from 02:16:09: it skipped 03:00:00.
        var schedule = CronSchedule.Parse("0,59 0 * * * *");

        var next = schedule.GetNextOccurrences(Utc(2026, 1, 5, 2, 16, 9), 3);

        Assert.Equal([Utc(2026, 1, 5, 3, 0, 0), Utc(2026, 1, 5, 3, 0, 59), Utc(2026, 1, 5, 4, 0, 0)], next);
    }

    [Theory]
    [InlineData("Europe/Dublin")]
    [InlineData("Africa/Casablanca")]
    [InlineData("Europe/Berlin")]
    public void Bug_20_fixed_time_job_fired_twice_when_the_clocks_went_back(string zoneId)
    {
        // Dublin's and Casablanca's winter/Ramadan offsets are "negative" daylight saving; the old overlap check
        // trusted the daylight flags and fired the repeated time in both passes.
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var (change, before, after) = FirstFallBack(zone, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var repeated = change + after + TimeSpan.FromMinutes(30);
        var schedule = CronSchedule.Parse($"{repeated.Minute} {repeated.Hour} * * *", zoneId);

        var fires = schedule.GetNextOccurrences(new DateTimeOffset(change.AddDays(-1), TimeSpan.Zero), 3);

        var firstPass = DateTime.SpecifyKind(repeated - before, DateTimeKind.Utc);
        Assert.Contains(fires, fire => fire.UtcDateTime == firstPass);
        Assert.DoesNotContain(fires, fire => fire.UtcDateTime == DateTime.SpecifyKind(repeated - after, DateTimeKind.Utc));
        Assert.Equal(3, fires.Select(fire => (fire + zone.GetUtcOffset(fire)).Date).Distinct().Count());
    }

    [Theory]
    [InlineData("*/0 * * * *", "minute field '*/0': the step 0 is out of range")]
    [InlineData("50-10 * * * *", "minute field '50-10': the range 50-10 is reversed")]
    [InlineData("0 24 * * *", "hour field '24': 24 is out of range 0-23")]
    [InlineData("0 0 32 * *", "day-of-month field '32': 32 is out of range 1-31")]
    [InlineData("0 0 0 * *", "day-of-month field '0': 0 is out of range 1-31")]
    [InlineData("0 0 * 13 *", "month field '13': 13 is out of range 1-12")]
    [InlineData("0 0 * * 8", "day-of-week field '8': 8 is out of range 0-7 (0 and 7 are Sunday)")]
    [InlineData("60 0 0 * * *", "second field '60': 60 is out of range 0-59")]
    [InlineData("0 0 * * 1,,2", "day-of-week field '1,,2': an empty item")]
    [InlineData("0 0 L * *", "day-of-month field 'L': 'L' is not a number; L, W and # are not supported")]
    [InlineData("0 ? * * *", "hour field '?': '?' is allowed only in the day-of-month and day-of-week fields")]
    public void TryParse_BadField_NamesTheField(string cron, string expected)
    {
        Assert.False(CronSchedule.TryParse(cron, "UTC", out _, out var error));
        Assert.Equal($"invalid cron '{cron}': {expected}", error[..Math.Min(error.Length, $"invalid cron '{cron}': {expected}".Length)]);
        Assert.Equal(error, CronSchedule.Check(cron));
    }

    [Fact]
    public void TryParse_UnknownMacro_ListsTheMacros()
    {
        Assert.False(CronSchedule.TryParse("@fortnightly", "UTC", out _, out var error));
        Assert.Equal("unknown cron macro '@fortnightly'; use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly", error);
    }

    [Theory]
    [InlineData("@yearly", "2027-01-01T00:00:00")]
    [InlineData("@annually", "2027-01-01T00:00:00")]
    [InlineData("@monthly", "2026-02-01T00:00:00")]
    [InlineData("@weekly", "2026-01-11T00:00:00")]
    [InlineData("@daily", "2026-01-06T00:00:00")]
    [InlineData("@midnight", "2026-01-06T00:00:00")]
    [InlineData("@hourly", "2026-01-05T11:00:00")]
    public void GetNextOccurrence_Macro_FiresAsItsFiveFields(string macro, string expected)
    {
        var next = CronSchedule.Parse(macro).GetNextOccurrence(Utc(2026, 1, 5, 10, 7));

        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next!.Value.UtcDateTime);
    }

    [Fact]
    public void GetNextOccurrence_SevenAndSun_AreSunday()
    {
        // 2026-01-05 is a Monday; the next Sunday is the 11th.
        foreach (var cron in (string[])["0 9 * * 7", "0 9 * * 0", "0 9 * * SUN", "0 9 * * 6-7"])
        {
            var next = CronSchedule.Parse(cron).GetNextOccurrence(Utc(2026, 1, 5, 10, 0));
            Assert.Equal(cron == "0 9 * * 6-7" ? Utc(2026, 1, 10, 9, 0) : Utc(2026, 1, 11, 9, 0), next);
        }
    }

    [Fact]
    public void GetNextOccurrence_BothDayFieldsRestricted_EitherMatches()
    {
        // The 13th, or any Friday: Friday 9 January comes first, then Tuesday the 13th, then Friday the 16th.
        var next = CronSchedule.Parse("0 0 13 * 5").GetNextOccurrences(Utc(2026, 1, 5, 0, 0), 3);

        Assert.Equal([Utc(2026, 1, 9, 0, 0), Utc(2026, 1, 13, 0, 0), Utc(2026, 1, 16, 0, 0)], next);
    }

    [Fact]
    public void GetNextOccurrence_DayOfMonthStarStep_BothMustMatch()
    {
        // A day field starting with * is not a restriction in the either rule: odd days that are Mondays.
        var next = CronSchedule.Parse("0 0 */2 * 1").GetNextOccurrence(Utc(2026, 1, 1, 0, 0));

        Assert.Equal(Utc(2026, 1, 5, 0, 0), next);
    }

    private static (DateTime Change, TimeSpan Before, TimeSpan After) FirstFallBack(TimeZoneInfo zone, DateTime from)
    {
        for (var probe = from; probe < from.AddYears(2); probe = probe.AddHours(1))
        {
            var before = zone.GetUtcOffset(probe);
            var after = zone.GetUtcOffset(probe.AddHours(1));
            if (after < before)
            {
                var change = probe;
                while (zone.GetUtcOffset(change) == before)
                {
                    change = change.AddMinutes(1);
                }

                return (change, before, after);
            }
        }

        throw new InvalidOperationException($"{zone.Id} has no fall-back in two years");
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute, int second = 0) =>
        new(year, month, day, hour, minute, second, TimeSpan.Zero);
}
