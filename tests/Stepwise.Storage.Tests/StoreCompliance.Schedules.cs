using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Triggers;
using Stepwise.Core.Triggers;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private static readonly ScheduleKey Nightly = new("acme", "nightly", "0: 30 2 * * * (Europe/Berlin)");

    [PostgresFact]
    public async Task TrySetLastFiredAsync_NewSchedule_InsertsOnceThenComparesAndSets()
    {
        await using var storage = await OpenStoreAsync();
        var store = storage.Schedules;

        Assert.Null(await store.GetLastFiredAsync(Nightly));
        Assert.True(await store.TrySetLastFiredAsync(Nightly, null, Start));
        Assert.False(await store.TrySetLastFiredAsync(Nightly, null, Start.AddMinutes(1)));
        Assert.False(await store.TrySetLastFiredAsync(Nightly, Start.AddSeconds(-1), Start.AddMinutes(1)));
        Assert.True(await store.TrySetLastFiredAsync(Nightly, Start, Start.AddMinutes(1)));

        Assert.Equal(Start.AddMinutes(1), await store.GetLastFiredAsync(Nightly));
        Assert.Null(await store.GetLastFiredAsync(Nightly with { TriggerId = "1: 0 * * * * (UTC)" }));
    }

    [PostgresFact]
    public async Task TrySetLastFiredAsync_ManyConcurrentClaimsOfOneTick_ExactlyOneWins()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Schedules.TrySetLastFiredAsync(Nightly, null, Start);

        var claims = await Task.WhenAll(Enumerable.Range(0, 16).Select(
            _ => Task.Run(() => storage.Schedules.TrySetLastFiredAsync(Nightly, Start, Start.AddDays(1)))));

        Assert.Equal(1, claims.Count(won => won));
        Assert.Equal(Start.AddDays(1), await storage.Schedules.GetLastFiredAsync(Nightly));
    }

    [PostgresFact]
    public async Task GetLastFiredAsync_AfterReopen_KeepsTheTimeToTheMillisecond()
    {
        var fired = Start.AddTicks(1_234_5678);
        await using (var storage = await OpenStoreAsync())
        {
            Assert.True(await storage.Schedules.TrySetLastFiredAsync(Nightly, null, fired));
        }

        await using var reopened = await OpenStoreAsync();
        var stored = await reopened.Schedules.GetLastFiredAsync(Nightly);

        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(fired.ToUnixTimeMilliseconds()), stored);
        Assert.True(await reopened.Schedules.TrySetLastFiredAsync(Nightly, stored, fired.AddHours(1)));
    }

    [PostgresFact]
    public async Task DeleteWorkflowAsync_OneWorkflow_ForgetsOnlyItsSchedules()
    {
        await using var storage = await OpenStoreAsync();
        var other = new ScheduleKey("acme", "weekly", "0: 0 0 * * 1 (UTC)");
        var second = Nightly with { TriggerId = "1: 0 * * * * (UTC)" };
        foreach (var key in new[] { Nightly, second, other })
        {
            await storage.Schedules.TrySetLastFiredAsync(key, null, Start);
        }

        Assert.Equal(2, await storage.Schedules.DeleteWorkflowAsync("acme", "nightly"));

        Assert.Null(await storage.Schedules.GetLastFiredAsync(Nightly));
        Assert.Null(await storage.Schedules.GetLastFiredAsync(second));
        Assert.Equal(Start, await storage.Schedules.GetLastFiredAsync(other));
    }

    [PostgresFact]
    public async Task ScheduleRunner_TwoRunnersOnOneDatabase_FireEachTickOnce()
    {
        await using var storage = await OpenStoreAsync();
        var starter = new RecordingStarter();
        await using var first = new ScheduleRunner(storage.Schedules, starter, Time);
        await using var second = new ScheduleRunner(storage.Schedules, starter, Time);
        var schedule = new Schedule(Nightly, CronSchedule.Parse("*/30 * * * * *"), []);

        await first.AddOrReplaceAsync(schedule);
        await second.AddOrReplaceAsync(schedule);
        for (var tick = 1; tick <= 3; tick++)
        {
            var due = Start.AddSeconds(30 * tick);
            await Time.WaitForTimerAsync(at => at == due, $"due at {due:O}", count: 2);
            Time.Advance(TimeSpan.FromSeconds(30));
            Assert.Equal(due, (await starter.NextAsync()).DueAt);
        }

        var last = Start.AddSeconds(120);
        await Time.WaitForTimerAsync(at => at == last, $"due at {last:O}", count: 2);
        Assert.Equal(3, starter.Runs.Count);
        Assert.Equal(Start.AddSeconds(90), await storage.Schedules.GetLastFiredAsync(Nightly));
    }
}
