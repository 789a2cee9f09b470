using Stepwise.Core.Scheduling;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class CompletionQueueTests
{
    [Fact]
    public async Task TakeAsync_ItemsAddedBefore_ReturnsThemInOrderAtOnce()
    {
        var queue = new CompletionQueue<int>();
        queue.Add(1);
        queue.Add(2);

        var first = queue.TakeAsync();
        var second = queue.TakeAsync();

        Assert.True(first.IsCompletedSuccessfully);
        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
    }

    [Fact]
    public async Task TakeAsync_NothingYet_CompletesWhenAnItemIsAdded()
    {
        var queue = new CompletionQueue<string>();

        var take = queue.TakeAsync();
        Assert.False(take.IsCompleted);
        queue.Add("done");

        Assert.Equal("done", await take);
    }

    [Fact]
    public async Task TakeAsync_ManyWritersOnOtherThreads_OneReaderGetsEveryItemOnce()
    {
        var queue = new CompletionQueue<int>();
        const int Writers = 8;
        const int EachWrites = 2_000;

        var writers = Enumerable.Range(0, Writers)
            .Select(writer => Task.Run(() =>
            {
                for (var i = 0; i < EachWrites; i++)
                {
                    queue.Add((writer * EachWrites) + i);
                }
            }))
            .ToList();
        var seen = new HashSet<int>();
        for (var i = 0; i < Writers * EachWrites; i++)
        {
            Assert.True(seen.Add(await queue.TakeAsync()));
        }

        await Task.WhenAll(writers);
        Assert.Equal(Writers * EachWrites, seen.Count);
        Assert.False(queue.TakeAsync().IsCompleted);
    }
}
