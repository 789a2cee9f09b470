using System.Diagnostics;
using Stepwise.Core.Actions;
using Stepwise.Core.Signals;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>How far in the future "never" is for a wait without a timeout: the run sleeps until a signal.</summary>
    private static readonly TimeSpan NoTimeout = TimeSpan.FromDays(365 * 100);

    /// <summary>
    /// Nothing of the graph can go on but some steps wait (for a signal, a due time, a child run): the run gives up
    /// its lease and sleeps in the store until the earliest due time or a signal, whichever comes first; any node
    /// then claims it and it resumes from its recorded steps. The run stays <c>running</c>.
    /// </summary>
    private async Task<ExecutionRecord> ParkAsync(Activity? activity, CancellationToken cancelToken)
    {
        if (_engine.Services.GetService(typeof(ISignalStore)) is not ISignalStore signals)
        {
            // Only a host with a store can park; without one, a waiting step cannot wait.
            const string error = "a step waits for a signal, but this host keeps no signals (run it with stepwise serve)";
            Telemetry.RunTraces.EndRun(activity, StatusText.ToText(ExecutionStatus.Failed), error);
            return await FinishAsync(ExecutionStatus.Failed, null, error).ConfigureAwait(false);
        }

        var now = Time.GetUtcNow();
        var resumeAt = now + NoTimeout;
        var names = new List<string>();
        foreach (var waiting in _suspended)
        {
            if (waiting.ResumeAt is { } due && due < resumeAt)
            {
                resumeAt = due;
            }

            if (waiting.WaitName is { } name)
            {
                names.Add(name);
            }
        }

        await _journal.FlushAsync().ConfigureAwait(false);
        var parked = await signals.ParkAsync(_execution.Id, _engine.Options.OwnerId, resumeAt, names, now, _hostToken)
            .ConfigureAwait(false);
        Log.ExecutionParked(_engine.Logger, _execution.Id, string.Join(",", names), resumeAt, parked);
        // Detached, a cancel no longer reaches this run (the canceller then claims the parked run itself); a cancel
        // that came first is this run's to act on.
        var cancelWanted = !_engine.TryDetach(_execution.Id) || cancelToken.IsCancellationRequested;
        if (cancelWanted && parked
            && await _engine.Store.TryClaimAsync(_execution.Id, _engine.Options.OwnerId, now + _engine.Options.LeaseDuration, _hostToken)
                .ConfigureAwait(false))
        {
            // A cancel that came while the run was parking: it was meant for this run, which is still here.
            Telemetry.RunTraces.EndRun(activity, StatusText.ToText(ExecutionStatus.Cancelled), CancelledMessage);
            return await FinishAsync(ExecutionStatus.Cancelled, null, CancelledMessage).ConfigureAwait(false);
        }

        Telemetry.RunTraces.EndRun(activity, "waiting", null);
        return _execution with { Status = ExecutionStatus.Running, StartedAt = _startedAt };
    }

    /// <summary>How long the run's parking steps (approvals) have waited, finished waits and the current ones.</summary>
    private TimeSpan TimeWaitingForSignals()
    {
        var waited = TimeSpan.Zero;
        var now = Time.GetUtcNow();
        if (_definition.Code is not null)
        {
            foreach (var history in _state.History.Values)
            {
                if (CodeRun.IsSignalWait(history.Latest))
                {
                    var end = history.Latest.Status == StepStatus.Running ? now : history.Latest.FinishedAt ?? now;
                    waited += end > history.FirstStartedAt ? end - history.FirstStartedAt : TimeSpan.Zero;
                }
            }

            return waited;
        }

        foreach (var node in _definition.Nodes)
        {
            if (_engine.Actions.TryGet(node.Type, out var action) && action is ITopLevelAction
                && _state.History.TryGetValue(node.Id, out var history))
            {
                var end = history.Latest.Status == StepStatus.Running ? now : history.Latest.FinishedAt ?? now;
                if (end > history.FirstStartedAt)
                {
                    waited += end - history.FirstStartedAt;
                }
            }
        }

        return waited;
    }
}
