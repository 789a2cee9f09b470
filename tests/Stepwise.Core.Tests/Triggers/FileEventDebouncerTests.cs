using Stepwise.Core.Definitions;
using Stepwise.Core.Tests.Support;
using Stepwise.Core.Triggers;

namespace Stepwise.Core.Tests.Triggers;

public sealed class FileEventDebouncerTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(500);

    private readonly FakeTimeProvider _time = new();
    private readonly List<(string Path, FileWatchEvents Kind)> _settled = [];

    [Fact]
    public void Observe_FileWrittenInChunks_SettlesOnceAfterTheLastChunk()
    {
        using var debouncer = NewDebouncer();

        debouncer.Observe("/in/a.csv", FileWatchEvents.Created);
        for (var chunk = 0; chunk < 5; chunk++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(400));
            debouncer.Observe("/in/a.csv", FileWatchEvents.Changed);
        }

        _time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Empty(_settled);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([("/in/a.csv", FileWatchEvents.Created)], _settled);
        Assert.Empty(_time.PendingDueTimes);
    }

    [Fact]
    public void Observe_TwoFiles_SettleIndependently()
    {
        using var debouncer = NewDebouncer();

        debouncer.Observe("/in/a.csv", FileWatchEvents.Created);
        _time.Advance(TimeSpan.FromMilliseconds(300));
        debouncer.Observe("/in/b.csv", FileWatchEvents.Deleted);
        _time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal([("/in/a.csv", FileWatchEvents.Created)], _settled);
        _time.Advance(TimeSpan.FromMilliseconds(300));

        Assert.Equal([("/in/a.csv", FileWatchEvents.Created), ("/in/b.csv", FileWatchEvents.Deleted)], _settled);
    }

    [Fact]
    public void Observe_CreatedThenDeletedWithinTheQuietTime_SettlesToNothing()
    {
        using var debouncer = NewDebouncer();

        debouncer.Observe("/in/tmp.csv", FileWatchEvents.Created);
        debouncer.Observe("/in/tmp.csv", FileWatchEvents.Deleted);
        _time.Advance(Quiet);

        Assert.Empty(_settled);
        Assert.False(debouncer.IsPending("/in/tmp.csv"));
    }

    [Theory]
    [InlineData(FileWatchEvents.Created, FileWatchEvents.Changed, FileWatchEvents.Created)]
    [InlineData(FileWatchEvents.Created, FileWatchEvents.Created, FileWatchEvents.Created)]
    [InlineData(FileWatchEvents.Changed, FileWatchEvents.Changed, FileWatchEvents.Changed)]
    [InlineData(FileWatchEvents.Changed, FileWatchEvents.Deleted, FileWatchEvents.Deleted)]
    [InlineData(FileWatchEvents.Deleted, FileWatchEvents.Deleted, FileWatchEvents.Deleted)]
    [InlineData(FileWatchEvents.Deleted, FileWatchEvents.Created, FileWatchEvents.Changed)]
    [InlineData(FileWatchEvents.Created, FileWatchEvents.Deleted, FileWatchEvents.None)]
    public void Fold_FirstAndLastRawEvents_GiveOneEvent(FileWatchEvents first, FileWatchEvents last, FileWatchEvents folded)
    {
        Assert.Equal(folded, FileEventDebouncer.Fold(first, last));
    }

    [Fact]
    public void Dispose_PendingEvents_NeverSettle()
    {
        var debouncer = NewDebouncer();
        debouncer.Observe("/in/a.csv", FileWatchEvents.Created);

        debouncer.Dispose();
        debouncer.Observe("/in/b.csv", FileWatchEvents.Created);
        _time.Advance(Quiet);

        Assert.Empty(_settled);
        Assert.Empty(_time.PendingDueTimes);
    }

    private FileEventDebouncer NewDebouncer() =>
        new(_time, Quiet, (path, kind) =>
        {
            lock (_settled)
            {
                _settled.Add((path, kind));
            }
        });
}
