using Stepwise.Core.Definitions;
using Stepwise.Core.Tests.Definitions;
using Stepwise.Core.Triggers;

namespace Stepwise.Core.Tests.Triggers;

/// <summary>File watching on a real temp folder with the real clock and short timings; waits are on runs, with limits.</summary>
public sealed class FileWatchRunnerTests : IAsyncLifetime
{
    private static readonly FileWatchOptions FastOptions = new()
    {
        Debounce = TimeSpan.FromMilliseconds(150),
        FolderCheckInterval = TimeSpan.FromMilliseconds(50),
        MissingFolderFirstPoll = TimeSpan.FromMilliseconds(20),
        MissingFolderMaxPoll = TimeSpan.FromMilliseconds(200),
    };

    private readonly TempFolder _folder = new("stepwise-filewatch-tests-");
    private readonly RecordingStarter _starter = new();
    private FileWatchRunner _runner = null!;

    private string Root => _folder.Path;

    private string Inbox => Path.Combine(Root, "inbox");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Inbox);
        _runner = new FileWatchRunner(_starter, TimeProvider.System, FastOptions);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task AddOrReplace_FilesCreated_OneRunPerMatchingFile()
    {
        _runner.AddOrReplace(Watch("*.csv", FileWatchEvents.Created));

        await File.WriteAllTextAsync(InInbox("a.csv"), "id\n1\n");
        await File.WriteAllTextAsync(InInbox("notes.txt"), "ignored");
        await File.WriteAllTextAsync(InInbox("b.csv"), "id\n2\n");

        var runs = new[] { await _starter.NextAsync(), await _starter.NextAsync() };
        Assert.Equal(["a.csv", "b.csv"], runs.Select(Name).Order().ToArray());
        var first = runs.Single(run => Name(run) == "a.csv");
        Assert.Equal(InInbox("a.csv"), first.Params["path"]?.GetValue<string>());
        Assert.Equal("created", first.Params["event"]?.GetValue<string>());
        Assert.Equal(("acme", "import", TriggerSource.FileWatch), (first.OrgId, first.Workflow, first.Source));
        await AssertNoMoreRunsBeforeAsync("sentinel.csv");
    }

    [Fact]
    public async Task AddOrReplace_FileWrittenInChunks_GivesOneRun()
    {
        _runner.AddOrReplace(Watch("*.csv", FileWatchEvents.Created | FileWatchEvents.Changed));

        await using (var stream = new FileStream(InInbox("big.csv"), FileMode.CreateNew))
        {
            for (var chunk = 0; chunk < 20; chunk++)
            {
                await stream.WriteAsync(new byte[64 * 1024]);
                await stream.FlushAsync();
            }
        }

        var run = await _starter.NextAsync();
        Assert.Equal(("big.csv", "created"), (Name(run), Event(run)));
        await AssertNoMoreRunsBeforeAsync("sentinel.csv");
    }

    [Fact]
    public async Task AddOrReplace_ExistingFileDeletedOrChanged_ReportsOnlyTheWatchedEvents()
    {
        await File.WriteAllTextAsync(InInbox("old.csv"), "x");
        await File.WriteAllTextAsync(InInbox("kept.csv"), "x");
        _runner.AddOrReplace(Watch("*.csv", FileWatchEvents.Deleted | FileWatchEvents.Changed));

        File.Delete(InInbox("old.csv"));
        var deleted = await _starter.NextAsync();
        await File.AppendAllTextAsync(InInbox("kept.csv"), "more");
        var changed = await _starter.NextAsync();

        Assert.Equal(("old.csv", "deleted"), (Name(deleted), Event(deleted)));
        Assert.Equal(("kept.csv", "changed"), (Name(changed), Event(changed)));
    }

    [Fact]
    public async Task AddOrReplace_FolderRemovedAndRecreated_KeepsWatching()
    {
        _runner.AddOrReplace(Watch("*.csv", FileWatchEvents.Created | FileWatchEvents.Deleted));
        await File.WriteAllTextAsync(InInbox("a.csv"), "x");
        var first = await _starter.NextAsync();
        Assert.Equal(("a.csv", "created"), (Name(first), Event(first)));

        Directory.Delete(Inbox, recursive: true);
        var deleted = await _starter.NextAsync();
        Directory.CreateDirectory(Inbox);
        await File.WriteAllTextAsync(InInbox("b.csv"), "x");
        var created = await _starter.NextAsync();

        Assert.Equal(("a.csv", "deleted"), (Name(deleted), Event(deleted)));
        Assert.Equal(("b.csv", "created"), (Name(created), Event(created)));
        Assert.True(Assert.Single(_runner.List()).FolderPresent);
        await File.WriteAllTextAsync(InInbox("c.csv"), "x");
        Assert.Equal("c.csv", Name(await _starter.NextAsync()));
    }

    [Fact]
    public async Task AddOrReplace_FolderMissingAtStart_WatchesItOnceItAppears()
    {
        var later = Path.Combine(Root, "later");
        _runner.AddOrReplace(Watch("*.csv", FileWatchEvents.Created, later));
        Assert.False(Assert.Single(_runner.List()).FolderPresent);

        Directory.CreateDirectory(later);
        await File.WriteAllTextAsync(Path.Combine(later, "first.csv"), "x");

        var run = await _starter.NextAsync();
        Assert.Equal((Path.Combine(later, "first.csv"), "created"), (run.Params["path"]?.GetValue<string>(), Event(run)));
        Assert.True(Assert.Single(_runner.List()).FolderPresent);
    }

    [Fact]
    public async Task Remove_RegisteredWatch_StopsItsRuns()
    {
        var removed = Watch("*.csv", FileWatchEvents.Created);
        var kept = removed with { Key = removed.Key with { TriggerId = "1" } };
        _runner.AddOrReplace(removed);
        _runner.AddOrReplace(kept);

        Assert.True(_runner.Remove(removed.Key));
        Assert.False(_runner.Remove(removed.Key));
        await File.WriteAllTextAsync(InInbox("a.csv"), "x");

        Assert.Equal("1", (await _starter.NextAsync()).TriggerId);
        Assert.Equal(kept.Key, Assert.Single(_runner.List()).Key);
        await AssertNoMoreRunsBeforeAsync("sentinel.csv");
    }

    [Fact]
    public async Task SetWorkflowWatches_DeployAndDelete_FollowsTheDefinition()
    {
        var definition = DefinitionTestKit.Valid("""
            name: import
            triggers:
              - { type: file_watch, path: ./inbox, pattern: "*.csv", events: [created] }
            nodes:
              - { id: say, type: log, with: { message: hi } }
            """);
        var watches = FileWatch.FromDefinition("acme", definition, Root);

        _runner.SetWorkflowWatches("acme", "import", watches);
        await File.WriteAllTextAsync(InInbox("a.csv"), "x");
        var run = await _starter.NextAsync();
        _runner.SetWorkflowWatches("acme", "import", []);

        Assert.Equal(Inbox, Assert.Single(watches).Folder);
        Assert.Equal("0: ./inbox *.csv", run.TriggerId);
        Assert.Empty(_runner.List());
    }

    [Theory]
    [InlineData("", "*.csv", FileWatchEvents.Created, "Trigger 3 of workflow 'import': path must name a folder, got ''")]
    [InlineData("in", "a/*.csv", FileWatchEvents.Created, "Trigger 3 of workflow 'import': pattern must be a file name pattern like *.csv, got 'a/*.csv'")]
    [InlineData("in", "*.csv", FileWatchEvents.None, "Trigger 3 of workflow 'import': events must list at least one of created, changed, deleted")]
    public void FromTrigger_BadTrigger_NamesTheProblem(string path, string pattern, FileWatchEvents events, string expected)
    {
        var trigger = new FileWatchTrigger(path, pattern, events, null);

        var error = Assert.Throws<ArgumentException>(() => FileWatch.FromTrigger("acme", "import", 3, trigger, Root));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    private static string Name(TriggeredRun run) => run.Params["name"]!.GetValue<string>();

    private static string Event(TriggeredRun run) => run.Params["event"]!.GetValue<string>();

    private FileWatch Watch(string pattern, FileWatchEvents events, string? folder = null) =>
        new(new FileWatchKey("acme", "import", "0"), folder ?? Inbox, pattern, events);

    private string InInbox(string name) => Path.Combine(Inbox, name);

    /// <summary>
    /// Writes a file the watch reports and waits for its run: events reach the watch in order and settle after the
    /// same quiet time, so any run still owed for earlier files would have come first.
    /// </summary>
    private async Task AssertNoMoreRunsBeforeAsync(string sentinel)
    {
        var before = _starter.Runs.Count;
        await File.WriteAllTextAsync(InInbox(sentinel), "x");
        Assert.Equal(sentinel, Name(await _starter.NextAsync()));
        Assert.Equal(before + 1, _starter.Runs.Count);
    }
}
