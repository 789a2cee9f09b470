using Stepwise.Core.Storage;

namespace Stepwise.Core.Tests.Storage;

public sealed class IdRandomnessTests
{
    [Fact]
    public void Fill_ManyIdsAcrossBlocks_NeverRepeatsBytes()
    {
        // 16 bytes at a time crosses many 256-byte blocks; two equal 16-byte draws would mean bytes were handed out twice.
        var seen = new HashSet<string>();
        Span<byte> id = stackalloc byte[16];
        for (var i = 0; i < 10_000; i++)
        {
            IdRandomness.Fill(id);
            Assert.True(seen.Add(Convert.ToHexString(id)));
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(257)]
    [InlineData(4096)]
    public void Fill_AnyLength_FillsTheWholeSpan(int length)
    {
        var bytes = new byte[length];

        IdRandomness.Fill(bytes);
        IdRandomness.Fill(bytes.AsSpan(0, 0));

        // All zero after a fill of 6 bytes or more has odds of 2^-48.
        Assert.True(length < 6 || bytes.Any(value => value != 0));
    }

    [Fact]
    public async Task Fill_OnManyThreads_EachDrawIsDistinct()
    {
        var draws = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var mine = new List<string>();
            var id = new byte[16];
            for (var i = 0; i < 2_000; i++)
            {
                IdRandomness.Fill(id);
                mine.Add(Convert.ToHexString(id));
            }

            return mine;
        })));

        var all = draws.SelectMany(list => list).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
