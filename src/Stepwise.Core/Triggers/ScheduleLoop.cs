using Microsoft.Extensions.Logging;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Triggers;

/// <summary>
/// The life of one registered schedule: read the last-fired time, wait for the next tick, claim it with a
/// compare-and-set, fire, repeat. Claiming before firing makes a tick fire at most once across every node sharing
/// the store; a crash between the claim and the start loses that one tick rather than doubling it.
/// </summary>
internal sealed class ScheduleLoop
{
    private readonly ScheduleRunner _runner;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _statusGate = new();
    private DateTimeOffset? _nextFireAt;
    private DateTimeOffset? _lastFiredAt;

    public ScheduleLoop(ScheduleRunner runner, Schedule schedule, CancellationToken shutdown)
    {
        _runner = runner;
        Schedule = schedule;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        _nextFireAt = schedule.Cron.GetNextOccurrence(runner.Time.GetUtcNow());
        Completion = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    public Schedule Schedule { get; }

    public Task Completion { get; }

    public ScheduleStatus Status
    {
        get
        {
            lock (_statusGate)
            {
                return new ScheduleStatus(
                    Schedule.Key, Schedule.Cron.Expression, Schedule.Cron.TimeZone.Id, _nextFireAt, _lastFiredAt);
            }
        }
    }

    /// <summary>Stops waiting and firing; runs already started are not affected.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Completion.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var key = Schedule.Key;
        var store = _runner.Store;
        var time = _runner.Time;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var last = await store.GetLastFiredAsync(key, cancellationToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                if (last is null)
                {
                    // A new schedule starts now: ticks before it was registered are not owed. Another node may win
                    // this baseline; either way the next pass reads the stored value.
                    await store.TrySetLastFiredAsync(key, null, now, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var due = Schedule.Cron.GetNextOccurrence(last.Value);
                SetStatus(due, last);
                if (due is null)
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (due.Value > now)
                {
                    var wait = due.Value - now;
                    await Task.Delay(wait < _runner.Options.MaxWait ? wait : _runner.Options.MaxWait, time, cancellationToken)
                        .ConfigureAwait(false);
                    continue;
                }

                // Every tick missed while nothing ran (downtime, a long pause) folds into this one run: the claim
                // covers up to now, so the next pass waits for the first tick after now.
                var following = Schedule.Cron.GetNextOccurrence(due.Value);
                var caughtUp = following is { } later && later <= now;
                var claim = caughtUp ? now : due.Value;
                if (await store.TrySetLastFiredAsync(key, last, claim, cancellationToken).ConfigureAwait(false))
                {
                    SetStatus(Schedule.Cron.GetNextOccurrence(claim), claim);
                    Log.ScheduleFired(_runner.Logger, key.ToString(), due.Value, caughtUp);
                    _runner.Fire(new TriggeredRun(
                        key.OrgId, key.Workflow, TriggerSource.Schedule, key.TriggerId, Schedule.Params.DeepClone().AsObject(), due.Value));
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                Log.ScheduleStateFailed(_runner.Logger, exception, key.ToString(), _runner.Options.RetryDelay);
                try
                {
                    await Task.Delay(_runner.Options.RetryDelay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void SetStatus(DateTimeOffset? next, DateTimeOffset? last)
    {
        lock (_statusGate)
        {
            _nextFireAt = next;
            _lastFiredAt = last;
        }
    }
}
