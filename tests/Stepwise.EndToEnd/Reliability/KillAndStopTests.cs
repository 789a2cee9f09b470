using Microsoft.Data.Sqlite;
using Stepwise.EndToEnd.Support;
using Xunit.Abstractions;

namespace Stepwise.EndToEnd.Reliability;

/// <summary>
/// The reliability suite of issue 21 (item 8), on a single SQLite node: <c>kill -9</c> at each phase of a step
/// (before its start is recorded, while it runs, after it is done but before that is committed) and SIGTERM with a
/// short and a long grace period. The steps call a <see cref="GatedSink"/>, which holds the middle step's calls until
/// the test opens its gate, so each stop lands in a known phase. After the restart every run succeeds, no step the
/// store had recorded as done takes effect again, and a step takes effect twice only across the stop, never more.
/// </summary>
public sealed class KillAndStopTests(ITestOutputHelper output)
{
    private const int Runs = 6;

    private static readonly string[] Phases = ["first", "gate", "last"];

    [Fact]
    public async Task Sigkill_BeforeTheStepStartIsRecorded_QueuedRunsRunEveryStepOnce()
    {
        using var folder = new TempFolder();
        using var sink = new GatedSink();
        await using var server = await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string>
        {
            ["STEPWISE_MAX_CONCURRENT_RUNS"] = "1",
        });
        var ids = await StartRunsAsync(server, sink);

        // One run holds the only slot inside its gate step; the others are acknowledged and have recorded nothing.
        await WaitUntilAsync(() => sink.Waiting == 1, "one run waits in its gate step");
        var before = await SnapshotAsync(server, ids);
        var queued = ids.Where(id => sink.Arrivals("first", id).Count == 0).ToList();
        Assert.True(queued.Count >= Runs - 2, $"only {queued.Count} runs were still queued");
        Assert.All(queued, id => Assert.Empty(before[id]));

        var killedAt = await KillAsync(server);
        sink.Open();
        await server.RestartAsync();

        await AssertEveryRunEndsRightAsync(server, sink, ids, before, killedAt);
        Assert.All(queued, id => Assert.All(Phases, phase => Assert.Single(sink.Arrivals(phase, id))));
    }

    [Fact]
    public async Task Sigkill_WhileTheStepRuns_OnlyThatStepRunsAgain()
    {
        using var folder = new TempFolder();
        using var sink = new GatedSink();
        await using var server = await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string>
        {
            ["STEPWISE_MAX_CONCURRENT_RUNS"] = "16",
        });
        var ids = await StartRunsAsync(server, sink);
        await WaitUntilAsync(() => sink.Waiting == Runs, "every run waits in its gate step");
        var before = await SnapshotAsync(server, ids);

        var killedAt = await KillAsync(server);
        sink.Open();
        await server.RestartAsync();

        await AssertEveryRunEndsRightAsync(server, sink, ids, before, killedAt);
        Assert.All(ids, id => Assert.Equal(2, sink.Arrivals("gate", id).Count));
        Assert.All(ids, id => Assert.Single(sink.Arrivals("last", id)));
    }

    [Fact]
    public async Task Sigkill_AfterTheStepIsDoneBeforeItIsCommitted_ItRunsAgainOnlyAcrossTheKill()
    {
        using var folder = new TempFolder();
        using var sink = new GatedSink();
        await using var server = await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string>
        {
            ["STEPWISE_MAX_CONCURRENT_RUNS"] = "16",
        });
        var ids = await StartRunsAsync(server, sink);
        await WaitUntilAsync(() => sink.Waiting == Runs, "every run waits in its gate step");

        // The test takes the database's write lock, then lets the calls answer: the server has each step's result
        // but cannot commit it (its writes wait for the lock, up to the busy timeout) when it is killed.
        DateTimeOffset killedAt;
        Dictionary<string, HashSet<string>> before;
        await using (var writeLock = await TakeWriteLockAsync(folder.Path))
        {
            sink.Open();
            await WaitUntilAsync(() => ids.All(id => sink.Answers("gate", id).Count == 1), "every gate call is answered");
            await Task.Delay(500);
            before = await SnapshotAsync(server, ids);
            killedAt = await KillAsync(server);
        }

        Assert.All(ids, id => Assert.DoesNotContain("gate", before[id]));
        await server.RestartAsync();

        await AssertEveryRunEndsRightAsync(server, sink, ids, before, killedAt);
        Assert.All(ids, id => Assert.Equal(2, sink.Arrivals("gate", id).Count));
    }

    [Fact]
    public async Task Sigterm_ShortGrace_StepsCutAtTheDeadlineRunAgainAndNothingElseDoes()
    {
        using var folder = new TempFolder();
        using var sink = new GatedSink();
        await using var server = await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string>
        {
            ["STEPWISE_MAX_CONCURRENT_RUNS"] = "16",
            ["STEPWISE_SHUTDOWN_GRACE"] = "1s",
            ["STEPWISE_LEASE"] = "10m",
        });
        var ids = await StartRunsAsync(server, sink);
        await WaitUntilAsync(() => sink.Waiting == Runs, "every run waits in its gate step");
        var before = await SnapshotAsync(server, ids);

        server.Process.Terminate();
        var exitCode = await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var stoppedAt = DateTimeOffset.UtcNow;
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{server.Process.Stderr}");
        Assert.DoesNotContain("   at ", server.Process.Stderr, StringComparison.Ordinal);
        sink.Open();

        // A 10-minute lease: only leases released at the deadline let the restarted node resume at once.
        await server.RestartAsync();
        await AssertEveryRunEndsRightAsync(server, sink, ids, before, stoppedAt);
        Assert.All(ids, id => Assert.Equal(2, sink.Arrivals("gate", id).Count));
        Assert.All(ids, id => Assert.Single(sink.Arrivals("last", id)));
    }

    [Fact]
    public async Task Sigterm_LongGrace_StepsInFlightFinishAndNoNewStepStarts()
    {
        using var folder = new TempFolder();
        using var sink = new GatedSink();
        await using var server = await ServerInstance.StartAsync(folder.Path, new Dictionary<string, string>
        {
            ["STEPWISE_MAX_CONCURRENT_RUNS"] = "16",
            ["STEPWISE_SHUTDOWN_GRACE"] = "60s",
        });
        var ids = await StartRunsAsync(server, sink);
        await WaitUntilAsync(() => sink.Waiting == Runs, "every run waits in its gate step");
        var before = await SnapshotAsync(server, ids);

        server.Process.Terminate();
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(server.Process.HasExited, "the server left before its steps in flight finished");
        sink.Open();
        var exitCode = await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var stoppedAt = DateTimeOffset.UtcNow;
        Assert.True(exitCode == 0, $"exit code {exitCode}\n{server.Process.Stderr}");
        Assert.All(ids, id => Assert.Empty(sink.Arrivals("last", id)));

        await server.RestartAsync();
        await AssertEveryRunEndsRightAsync(server, sink, ids, before, stoppedAt);
        Assert.All(ids, id => Assert.All(Phases, phase => Assert.Single(sink.Arrivals(phase, id))));
    }

    private static string Workflow(GatedSink sink) => $$$"""
        name: phases
        nodes:
          - id: first
            type: http
            with: { method: POST, url: "{{{sink.BaseUrl}}}/first/${{ execution.id }}" }
          - id: gate
            type: http
            with: { method: POST, url: "{{{sink.BaseUrl}}}/gate/${{ execution.id }}", timeout: 120s }
          - id: last
            type: http
            with: { method: POST, url: "{{{sink.BaseUrl}}}/last/${{ execution.id }}" }
        """;

    private static async Task<List<string>> StartRunsAsync(ServerInstance server, GatedSink sink)
    {
        using var client = server.Client();
        await client.DeployAsync(Workflow(sink));
        var ids = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            ids.Add((await client.StartAsync("phases")).Id());
        }

        return ids;
    }

    /// <summary>The steps each run's record shows as succeeded: what the store holds as done.</summary>
    private static async Task<Dictionary<string, HashSet<string>>> SnapshotAsync(ServerInstance server, IEnumerable<string> ids)
    {
        using var client = server.Client();
        var done = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            var run = await client.GetRunAsync(id);
            done[id] = [.. run["steps"]!.AsArray()
                .Where(step => (string?)step!["status"] == "succeeded")
                .Select(step => (string)step!["step_id"]!)];
        }

        return done;
    }

    private static async Task<DateTimeOffset> KillAsync(ServerInstance server)
    {
        server.Process.KillHard();
        await server.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

        // Counted once the process is gone: no call it sent can arrive after this moment but for the network's lag.
        return DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200);
    }

    /// <summary>
    /// Every run succeeds; each step took effect at least once; a step the store held as done before the stop took
    /// effect once; a step that took effect twice did so once before the stop and once after, never more.
    /// </summary>
    private async Task AssertEveryRunEndsRightAsync(
        ServerInstance server, GatedSink sink, List<string> ids, Dictionary<string, HashSet<string>> before, DateTimeOffset stoppedAt)
    {
        using var client = server.Client();
        foreach (var id in ids)
        {
            var run = await client.WaitForAsync(id, TimeSpan.FromSeconds(60), "succeeded", "failed", "cancelled", "timed_out");
            Assert.True(run.Status() == "succeeded", $"run {id} ended {run.Status()}: {run["error"]}");
            foreach (var phase in Phases)
            {
                var arrivals = sink.Arrivals(phase, id);
                output.WriteLine($"{id} {phase}: {arrivals.Count} call(s){(before[id].Contains(phase) ? ", done before the stop" : string.Empty)}");
                Assert.NotEmpty(arrivals);
                if (before[id].Contains(phase))
                {
                    Assert.Single(arrivals);
                }

                Assert.True(arrivals.Count <= 2, $"{phase} of {id} took effect {arrivals.Count} times");
                if (arrivals.Count == 2)
                {
                    Assert.True(
                        arrivals[0] <= stoppedAt && arrivals[1] > stoppedAt,
                        $"{phase} of {id} took effect twice without the stop between ({arrivals[0]:HH:mm:ss.fff}, {arrivals[1]:HH:mm:ss.fff}; stop {stoppedAt:HH:mm:ss.fff})");
                }
            }
        }
    }

    /// <summary>Holds SQLite's write lock on the node's database until disposed (readers go on, writers wait).</summary>
    private static async Task<SqliteConnection> TakeWriteLockAsync(string dataFolder)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "stepwise.db"),
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout = 30000; BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!condition())
        {
            try
            {
                await Task.Delay(50, deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"waited 60 s for: {what}");
            }
        }
    }
}
