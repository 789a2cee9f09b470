using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Core.Tests.Definitions;
using Stepwise.Core.Tests.Support;
using Stepwise.Core.Triggers;

namespace Stepwise.Core.Tests.Triggers;

public sealed class ScheduleRunnerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _time = new(Start);
    private readonly InMemoryScheduleStateStore _store = new();
    private readonly RecordingStarter _starter = new();

    [Fact]
    public async Task AddOrReplaceAsync_SecondsSchedule_FiresOncePerTick()
    {
        await using var runner = NewRunner();
        var schedule = NewSchedule("* * * * * *", new JsonObject { ["scope"] = "all" });

        await runner.AddOrReplaceAsync(schedule);
        for (var tick = 1; tick <= 3; tick++)
        {
            await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));
            var run = await _starter.NextAsync();
            Assert.Equal(Start.AddSeconds(tick), run.DueAt);
        }

        await WaitForTimerAtAsync(Start.AddSeconds(4));
        var runs = _starter.Runs;
        Assert.Equal(3, runs.Count);
        Assert.All(runs, run =>
        {
            Assert.Equal(("acme", "nightly", TriggerSource.Schedule), (run.OrgId, run.Workflow, run.Source));
            Assert.Equal(schedule.Key.TriggerId, run.TriggerId);
            Assert.Equal("all", run.Params["scope"]?.GetValue<string>());
        });
        Assert.Equal(3, runs.Select(run => run.Params).Distinct().Count());
    }

    [Fact]
    public async Task AddOrReplaceAsync_RunsThatNeverFinish_NextTicksStillFireOnceEach()
    {
        var slow = new RecordingStarter { HoldRuns = true };
        await using var runner = new ScheduleRunner(_store, slow, _time);

        await runner.AddOrReplaceAsync(NewSchedule("*/5 * * * * *"));
        for (var tick = 1; tick <= 4; tick++)
        {
            await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(Start.AddSeconds(5 * tick), (await slow.NextAsync()).DueAt);
        }

        await WaitForTimerAtAsync(Start.AddSeconds(25));
        Assert.Equal(4, slow.Runs.Count);
    }

    [Fact]
    public async Task AddOrReplaceAsync_MissedTicksAfterDowntime_FireOnceThenKeepTheSchedule()
    {
        var key = new ScheduleKey("acme", "nightly", "0");
        await _store.TrySetLastFiredAsync(key, null, Start.AddMinutes(-10));
        _time.Advance(TimeSpan.FromSeconds(30));
        await using var runner = NewRunner();

        await runner.AddOrReplaceAsync(new Schedule(key, CronSchedule.Parse("* * * * *"), []));

        var caughtUp = await _starter.NextAsync();
        Assert.Equal(Start.AddMinutes(-9), caughtUp.DueAt);
        await WaitForTimerAtAsync(Start.AddMinutes(1));
        Assert.Single(_starter.Runs);
        Assert.Equal(Start.AddSeconds(30), await _store.GetLastFiredAsync(key));
        Assert.Equal(Start.AddMinutes(1), Assert.Single(runner.List()).NextFireAt);

        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(Start.AddMinutes(1), (await _starter.NextAsync()).DueAt);
    }

    [Fact]
    public async Task AddOrReplaceAsync_BerlinDaylightSavingChanges_FiresOncePerLocalDayWithAFakeClock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero));
        var options = new ScheduleRunnerOptions { MaxWait = TimeSpan.FromDays(1) };
        var schedule = new Schedule(new ScheduleKey("acme", "nightly", "0"), CronSchedule.Parse("30 2 * * *", "Europe/Berlin"), []);
        var springForward = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero);
        await using (var runner = new ScheduleRunner(_store, _starter, time, options))
        {
            await runner.AddOrReplaceAsync(schedule);
            await time.WaitForTimerAsync(at => at == springForward, "at the end of the spring-forward gap");
            time.SetUtcNow(springForward);
            Assert.Equal(springForward, (await _starter.NextAsync()).DueAt);
            await time.WaitForTimerAsync(at => at == new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero), "at 02:30 CEST");
        }

        // Down until the eve of the fall-back: the missed March-October ticks fold into one run, then 02:30 fires once.
        time.SetUtcNow(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero));
        await using (var runner = new ScheduleRunner(_store, _starter, time, options))
        {
            await runner.AddOrReplaceAsync(schedule);
            Assert.Equal(new DateTimeOffset(2026, 3, 30, 0, 30, 0, TimeSpan.Zero), (await _starter.NextAsync()).DueAt);
            var firstPass = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);
            await time.WaitForTimerAsync(at => at == firstPass, "at 02:30 CEST");
            time.SetUtcNow(firstPass);
            Assert.Equal(firstPass, (await _starter.NextAsync()).DueAt);

            // The next fire is 02:30 CET on 26 October, 25 hours later; the runner waits a day (its MaxWait) first.
            await time.WaitForTimerAsync(at => at == firstPass.AddDays(1), "after MaxWait");
            Assert.Equal(new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero), Assert.Single(runner.List()).NextFireAt);
        }

        Assert.Equal(3, _starter.Runs.Count);
    }

    [Fact]
    public async Task AddOrReplaceAsync_NewSchedule_DoesNotFireTicksFromBeforeItWasAdded()
    {
        _time.Advance(TimeSpan.FromSeconds(90));
        await using var runner = NewRunner();
        var schedule = NewSchedule("0 * * * *");

        await runner.AddOrReplaceAsync(schedule);

        // A far tick is waited for in steps of MaxWait (10 minutes by default).
        await WaitForTimerAtAsync(Start.AddSeconds(90).AddMinutes(10));
        Assert.Empty(_starter.Runs);
        Assert.Equal(Start.AddHours(1), Assert.Single(runner.List()).NextFireAt);
        Assert.Equal(Start.AddSeconds(90), await _store.GetLastFiredAsync(schedule.Key));
    }

    [Fact]
    public async Task AddOrReplaceAsync_TwoRunnersSharingOneStore_FireEachTickOnce()
    {
        await using var first = NewRunner();
        await using var second = NewRunner();
        var schedule = NewSchedule("*/10 * * * * *");

        await first.AddOrReplaceAsync(schedule);
        await second.AddOrReplaceAsync(schedule);
        for (var tick = 1; tick <= 5; tick++)
        {
            await WaitForTimerAtAsync(Start.AddSeconds(10 * tick), count: 2);
            _time.Advance(TimeSpan.FromSeconds(10));
            Assert.Equal(Start.AddSeconds(10 * tick), (await _starter.NextAsync()).DueAt);
        }

        await WaitForTimerAtAsync(Start.AddSeconds(60), count: 2);
        Assert.Equal(
            [.. Enumerable.Range(1, 5).Select(tick => Start.AddSeconds(10 * tick))],
            _starter.Runs.Select(run => run.DueAt).ToArray());
    }

    [Fact]
    public async Task AddOrReplaceAsync_SameKeyNewCron_ReplacesTheWaitingSchedule()
    {
        await using var runner = NewRunner();
        var key = new ScheduleKey("acme", "nightly", "0");
        await runner.AddOrReplaceAsync(new Schedule(key, CronSchedule.Parse("0 * * * *"), []));
        await WaitForTimerAtAsync(Start.AddMinutes(10));

        await runner.AddOrReplaceAsync(new Schedule(key, CronSchedule.Parse("*/5 * * * *"), []));

        var status = Assert.Single(runner.List());
        Assert.Equal("*/5 * * * *", status.Cron);
        Assert.Equal(Start.AddMinutes(5), status.NextFireAt);
        await _time.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(Start.AddMinutes(5), (await _starter.NextAsync()).DueAt);
        await WaitForTimerAtAsync(Start.AddMinutes(10));
        Assert.DoesNotContain(_time.PendingDueTimes, due => due > Start.AddMinutes(10));
    }

    [Fact]
    public async Task RemoveAsync_RegisteredSchedule_StopsFiring()
    {
        await using var runner = NewRunner();
        var schedule = NewSchedule("* * * * * *");
        await runner.AddOrReplaceAsync(schedule);
        await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));
        await _starter.NextAsync();

        Assert.True(await runner.RemoveAsync(schedule.Key));

        Assert.False(await runner.RemoveAsync(schedule.Key));
        Assert.Empty(runner.List());
        Assert.Empty(_time.PendingDueTimes);
        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(_starter.Runs);
    }

    [Fact]
    public async Task SetWorkflowSchedulesAsync_DeployThenDelete_FollowsTheDefinition()
    {
        await using var runner = NewRunner();
        var v1 = DefinitionTestKit.Valid("""
            name: report
            triggers:
              - { type: schedule, cron: "0 6 * * *", timezone: Europe/Berlin }
              - { type: schedule, cron: "0 18 * * *", timezone: America/New_York }
            nodes:
              - { id: say, type: log, with: { message: hi } }
            """);
        var v2 = DefinitionTestKit.Valid("""
            name: report
            triggers:
              - { type: schedule, cron: "0 6 * * *", timezone: Europe/Berlin }
            nodes:
              - { id: say, type: log, with: { message: hi } }
            """);

        await runner.SetWorkflowSchedulesAsync("acme", "report", Schedule.FromDefinition("acme", v1));
        await runner.AddOrReplaceAsync(NewSchedule("0 0 * * *"));
        var deployed = runner.List("acme", "report");
        await runner.SetWorkflowSchedulesAsync("acme", "report", Schedule.FromDefinition("acme", v2));
        var redeployed = runner.List("acme", "report");
        await runner.SetWorkflowSchedulesAsync("acme", "report", []);

        Assert.Equal(
            [("0: 0 6 * * * (Europe/Berlin)", Start.AddHours(-5).AddDays(1)), ("1: 0 18 * * * (America/New_York)", Start.AddHours(13))],
            deployed.Select(status => (status.Key.TriggerId, status.NextFireAt!.Value)).ToArray());
        Assert.Equal([deployed[0].Key], redeployed.Select(status => status.Key).ToArray());
        Assert.Empty(runner.List("acme", "report"));
        Assert.Equal("nightly", Assert.Single(runner.List()).Key.Workflow);
    }

    [Fact]
    public async Task SetWorkflowSchedulesAsync_ScheduleOfAnotherWorkflow_IsRejected()
    {
        await using var runner = NewRunner();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => runner.SetWorkflowSchedulesAsync("acme", "report", [NewSchedule("0 0 * * *")]));

        Assert.StartsWith("Schedule acme/nightly#0 does not belong to workflow 'report' of org 'acme'.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOrReplaceAsync_StarterThrows_TheNextTickStillFires()
    {
        _starter.FailWith = run => run.DueAt == Start.AddSeconds(1) ? new InvalidOperationException("database down") : null;
        await using var runner = NewRunner();

        await runner.AddOrReplaceAsync(NewSchedule("* * * * * *"));
        await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));
        await _starter.NextAsync();
        await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(Start.AddSeconds(2), (await _starter.NextAsync()).DueAt);
    }

    [Fact]
    public async Task AddOrReplaceAsync_StoreFailsOnce_RetriesAfterTheRetryDelay()
    {
        var flaky = new FlakyStore(_store, failures: 1);
        await using var runner = new ScheduleRunner(flaky, _starter, _time, new ScheduleRunnerOptions { RetryDelay = TimeSpan.FromSeconds(3) });

        await runner.AddOrReplaceAsync(NewSchedule("*/5 * * * * *"));
        await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(3));
        await _time.AdvanceWhenArmedAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(Start.AddSeconds(5), (await _starter.NextAsync()).DueAt);
    }

    [Fact]
    public void FromTrigger_InvalidCron_NamesTheTriggerAndTheProblem()
    {
        var trigger = new Stepwise.Core.Definitions.ScheduleTrigger("0 25 * * *", "UTC", [], null);

        var error = Assert.Throws<ArgumentException>(() => Schedule.FromTrigger("acme", "report", 2, trigger));

        Assert.StartsWith("Trigger 2 of workflow 'report': invalid cron '0 25 * * *'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NightlyExample_ShowsTheNextBerlinFireTime()
    {
        var definition = DefinitionTestKit.Valid(
            await File.ReadAllTextAsync(Path.Combine(DefinitionTestKit.ExamplesFolder, "nightly.yaml")), "nightly.yaml");
        await using var runner = NewRunner();

        await runner.SetWorkflowSchedulesAsync("default", definition.Name, Schedule.FromDefinition("default", definition));

        var status = Assert.Single(runner.List());
        Assert.Equal(("30 2 * * *", "Europe/Berlin"), (status.Cron, status.TimeZone));
        Assert.Equal(new DateTimeOffset(2026, 1, 6, 1, 30, 0, TimeSpan.Zero), status.NextFireAt);
    }

    private ScheduleRunner NewRunner() => new(_store, _starter, _time);

    private static Schedule NewSchedule(string cron, JsonObject? parameters = null) =>
        new(new ScheduleKey("acme", "nightly", "0"), CronSchedule.Parse(cron), parameters ?? []);

    private Task WaitForTimerAtAsync(DateTimeOffset due, int count = 1) =>
        _time.WaitForTimerAsync(at => at == due, $"due at {due:O}", count);

    private sealed class FlakyStore(IScheduleStateStore inner, int failures) : IScheduleStateStore
    {
        private int _failures = failures;

        public Task<DateTimeOffset?> GetLastFiredAsync(ScheduleKey key, CancellationToken cancellationToken = default) =>
            Interlocked.Decrement(ref _failures) >= 0
                ? throw new StorageException("Reading a schedule failed: disk I/O error")
                : inner.GetLastFiredAsync(key, cancellationToken);

        public Task<bool> TrySetLastFiredAsync(
            ScheduleKey key, DateTimeOffset? expected, DateTimeOffset lastFired, CancellationToken cancellationToken = default) =>
            inner.TrySetLastFiredAsync(key, expected, lastFired, cancellationToken);

        public Task<int> DeleteWorkflowAsync(string orgId, string workflow, CancellationToken cancellationToken = default) =>
            inner.DeleteWorkflowAsync(orgId, workflow, cancellationToken);
    }
}
