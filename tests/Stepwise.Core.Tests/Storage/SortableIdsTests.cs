using Stepwise.Core.Storage;

namespace Stepwise.Core.Tests.Storage;

public sealed class SortableIdsTests
{
    [Fact]
    public void Next_ManyInOneMillisecond_AreVersion7WithTheTimeAndSortInTheOrderMade()
    {
        // Later than any id this test process makes otherwise (the other test here goes 60 years ahead), so the time
        // bits are this one's: ids never go back.
        var now = DateTimeOffset.UtcNow.AddYears(70);
        var ids = Enumerable.Range(0, 10_000).Select(_ => SortableIds.Next(now)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(ids, id =>
        {
            var guid = Guid.Parse(id);
            Assert.Equal(7, guid.Version);
            Assert.Equal(0b10, guid.Variant >> 2);
            Assert.Equal(now.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture), id.Replace("-", string.Empty, StringComparison.Ordinal)[..12]);
        });
    }

    [Fact]
    public void Next_ClockSteppedBack_StillSortsAfterThePreviousId()
    {
        var now = DateTimeOffset.UtcNow.AddYears(60);
        var later = SortableIds.Next(now);
        var earlier = SortableIds.Next(now.AddSeconds(-1));

        Assert.True(string.CompareOrdinal(earlier, later) > 0, $"{earlier} should sort after {later}");
    }
}
