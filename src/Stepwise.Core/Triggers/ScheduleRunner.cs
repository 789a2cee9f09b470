using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Triggers;

/// <summary>
/// Fires schedules, host-agnostic: each registered <see cref="Schedule"/> waits on the <see cref="TimeProvider"/>
/// for its next tick, claims it in the <see cref="IScheduleStateStore"/> and asks the
/// <see cref="ITriggerRunStarter"/> for a run. A tick fires when due whether or not earlier runs have finished, and
/// never twice, even with several runners (nodes) sharing one store. After downtime the missed ticks of a schedule
/// fire once, not once each. Schedules can be added, replaced and removed while it runs. Thread-safe.
/// </summary>
public sealed class ScheduleRunner : IAsyncDisposable
{
    private readonly Dictionary<ScheduleKey, ScheduleLoop> _loops = [];
    private readonly SemaphoreSlim _changes = new(1, 1);
    private readonly CancellationTokenSource _shutdown = new();
    private readonly RunDispatcher _dispatcher;
    private int _disposed;

    public ScheduleRunner(
        IScheduleStateStore store,
        ITriggerRunStarter starter,
        TimeProvider? time = null,
        ScheduleRunnerOptions? options = null,
        ILoggerFactory? loggerFactory = null)
    {
        Store = store ?? throw new ArgumentNullException(nameof(store));
        ArgumentNullException.ThrowIfNull(starter);
        Time = time ?? TimeProvider.System;
        Options = options ?? new ScheduleRunnerOptions();
        Options.Validate();
        Logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Stepwise.Triggers.Schedules");
        _dispatcher = new RunDispatcher(starter, Logger, _shutdown.Token);
    }

    internal IScheduleStateStore Store { get; }

    internal TimeProvider Time { get; }

    internal ScheduleRunnerOptions Options { get; }

    internal ILogger Logger { get; }

    /// <summary>Registers a schedule, replacing (and stopping) any schedule with the same key.</summary>
    public async Task AddOrReplaceAsync(Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        await ChangeAsync(loops =>
        {
            var previous = loops.Remove(schedule.Key, out var old) ? old : null;
            loops[schedule.Key] = new ScheduleLoop(this, schedule, _shutdown.Token);
            Log.ScheduleAdded(Logger, schedule.Key.ToString());
            return previous is null ? [] : [previous];
        }).ConfigureAwait(false);
    }

    /// <summary>Stops and forgets a schedule; returns false when it was not registered.</summary>
    public async Task<bool> RemoveAsync(ScheduleKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var removed = false;
        await ChangeAsync(loops =>
        {
            removed = loops.Remove(key, out var old);
            return removed ? [old!] : [];
        }).ConfigureAwait(false);
        return removed;
    }

    /// <summary>
    /// Makes <paramref name="schedules"/> the complete set of one workflow's schedules (a deploy): schedules with an
    /// unchanged key keep running untouched, new ones start, the others stop. An empty list removes them all (a
    /// delete).
    /// </summary>
    public async Task SetWorkflowSchedulesAsync(string orgId, string workflow, IReadOnlyList<Schedule> schedules)
    {
        ArgumentNullException.ThrowIfNull(schedules);
        foreach (var schedule in schedules)
        {
            if (schedule.Key.OrgId != orgId || schedule.Key.Workflow != workflow)
            {
                throw new ArgumentException(
                    $"Schedule {schedule.Key} does not belong to workflow '{workflow}' of org '{orgId}'.", nameof(schedules));
            }
        }

        await ChangeAsync(loops =>
        {
            var wanted = schedules.ToDictionary(schedule => schedule.Key);
            var stopped = new List<ScheduleLoop>();
            foreach (var (key, loop) in loops.Where(pair => pair.Key.OrgId == orgId && pair.Key.Workflow == workflow).ToList())
            {
                if (!wanted.TryGetValue(key, out var replacement) || !SameSchedule(loop.Schedule, replacement))
                {
                    loops.Remove(key);
                    stopped.Add(loop);
                }
            }

            foreach (var schedule in schedules.Where(schedule => !loops.ContainsKey(schedule.Key)))
            {
                loops[schedule.Key] = new ScheduleLoop(this, schedule, _shutdown.Token);
                Log.ScheduleAdded(Logger, schedule.Key.ToString());
            }

            return stopped;
        }).ConfigureAwait(false);
    }

    /// <summary>The registered schedules with their next fire times, optionally of one org or one workflow.</summary>
    public IReadOnlyList<ScheduleStatus> List(string? orgId = null, string? workflow = null)
    {
        lock (_loops)
        {
            return [.. _loops.Values
                .Select(loop => loop.Status)
                .Where(status => (orgId is null || status.Key.OrgId == orgId) && (workflow is null || status.Key.Workflow == workflow))
                .OrderBy(status => status.Key.OrgId, StringComparer.Ordinal)
                .ThenBy(status => status.Key.Workflow, StringComparer.Ordinal)
                .ThenBy(status => status.Key.TriggerId, StringComparer.Ordinal)];
        }
    }

    /// <summary>Stops every schedule and waits for starts already under way (their token is cancelled).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        await _changes.WaitAsync().ConfigureAwait(false);
        List<ScheduleLoop> loops;
        lock (_loops)
        {
            loops = [.. _loops.Values];
            _loops.Clear();
        }

        await Task.WhenAll(loops.Select(loop => loop.StopAsync())).ConfigureAwait(false);
        await _dispatcher.DrainAsync().ConfigureAwait(false);
        _changes.Release();
        _shutdown.Dispose();
    }

    internal void Fire(TriggeredRun run) => _dispatcher.Fire(run);

    private static bool SameSchedule(Schedule running, Schedule wanted) =>
        running.Cron.Expression == wanted.Cron.Expression && running.Cron.TimeZone.Id == wanted.Cron.TimeZone.Id
        && System.Text.Json.Nodes.JsonNode.DeepEquals(running.Params, wanted.Params);

    private async Task ChangeAsync(Func<Dictionary<ScheduleKey, ScheduleLoop>, IReadOnlyList<ScheduleLoop>> change)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
        await _changes.WaitAsync().ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            IReadOnlyList<ScheduleLoop> stopped;
            lock (_loops)
            {
                stopped = change(_loops);
            }

            foreach (var loop in stopped)
            {
                Log.ScheduleRemoved(Logger, loop.Schedule.Key.ToString());
            }

            await Task.WhenAll(stopped.Select(loop => loop.StopAsync())).ConfigureAwait(false);
        }
        finally
        {
            _changes.Release();
        }
    }
}
