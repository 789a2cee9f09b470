using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

public sealed partial class WorkflowEngine
{
    internal Task<ExecutionRecord?> RunExecutionAsync(string executionId, CancellationToken hostToken, CancellationToken cancelToken) =>
        RunTrackedAsync(executionId, () => RunClaimedAsync(executionId, null, null, hostToken, cancelToken), cancelToken);

    internal void RunInBackground(string executionId)
    {
        var task = RunBackgroundAsync(executionId);
        _background.TryAdd(task, 0);
        _ = task.ContinueWith(
            static (done, state) => ((WorkflowEngine)state!)._background.TryRemove(done, out _),
            this,
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task RunBackgroundAsync(string executionId)
    {
        await Task.Yield();
        try
        {
            await RunExecutionAsync(executionId, _shutdown.Token, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
            Log.ExecutionInterrupted(Logger, executionId);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Log.BackgroundRunFailed(Logger, exception, executionId);
        }
    }

    /// <summary>One run per id per engine: a second caller joins the first (a parent waiting on a background child).</summary>
    private async Task<ExecutionRecord?> RunTrackedAsync(
        string executionId, Func<Task<ExecutionRecord?>> run, CancellationToken cancelToken)
    {
        var active = new ActiveRun();
        while (!_active.TryAdd(executionId, active))
        {
            if (_active.TryGetValue(executionId, out var existing))
            {
                using var forward = cancelToken.Register(static state => ((ActiveRun)state!).Cancel.Cancel(), existing);
                return await existing.Completion.Task.ConfigureAwait(false);
            }
        }

        using var linked = cancelToken.Register(static state => ((ActiveRun)state!).Cancel.Cancel(), active);
        try
        {
            var result = await run().ConfigureAwait(false);
            active.Completion.TrySetResult(result);
            return result;
        }
        catch (Exception exception)
        {
            active.Completion.TrySetException(exception);
            throw;
        }
        finally
        {
            _active.TryRemove(executionId, out _);
            active.Cancel.Dispose();
        }
    }

    /// <param name="known">The run as its creator holds it, to skip reading it; read again if the claim fails.</param>
    /// <param name="alreadyClaimed">The run was created claimed by this engine a moment ago.</param>
    private async Task<ExecutionRecord?> RunClaimedAsync(
        string executionId,
        WorkflowDefinition? definition,
        JsonObject? trigger,
        CancellationToken hostToken,
        CancellationToken cancelToken,
        ExecutionRecord? known = null,
        bool alreadyClaimed = false,
        UnwrittenRun? unwritten = null)
    {
        var execution = known ?? await Store.GetExecutionAsync(executionId, hostToken).ConfigureAwait(false);
        if (execution is null || execution.IsFinished)
        {
            return execution;
        }

        var leaseUntil = Time.GetUtcNow() + Options.LeaseDuration;
        if (!alreadyClaimed && !await Store.TryClaimAsync(executionId, Options.OwnerId, leaseUntil, hostToken).ConfigureAwait(false))
        {
            return known is null ? execution : await Store.GetExecutionAsync(executionId, hostToken).ConfigureAwait(false);
        }

        using var lease = _leases.Hold();
        ExecutionRecord? outcome = null;
        try
        {
            if (definition is null)
            {
                var resolved = await Resolver
                    .GetVersionAsync(execution.OrgId, execution.Workflow, execution.Version, hostToken).ConfigureAwait(false);
                if (resolved is null)
                {
                    return outcome = await FailUnstartedAsync(
                        execution, $"workflow '{execution.Workflow}' version {execution.Version} not found").ConfigureAwait(false);
                }

                definition = resolved.Definition;
            }

            if (!TryBuildGraph(definition, out var graph, out var cycleProblem))
            {
                if (unwritten is not null)
                {
                    // Failed below by a status change: the run must exist first.
                    await Journal.AppendAsync(new ExecutionWritten(execution, [], [], unwritten.LeaseOwner, unwritten.LeaseUntil)
                        {
                            StartAudit = unwritten.StartAudit,
                        })
                        .ConfigureAwait(false);
                }

                return outcome = await FailUnstartedAsync(execution, cycleProblem).ConfigureAwait(false);
            }

            var fresh = execution.Status == ExecutionStatus.Pending && execution.StartedAt is null;
            var recorded = fresh ? [] : await Store.GetStepsAsync(executionId, hostToken).ConfigureAwait(false);
            var control = fresh
                ? RunControlHistory.None
                : RunControlHistory.Read(await Store.GetLogsAsync(executionId, hostToken).ConfigureAwait(false));
            var environment = Services.GetService(typeof(IRunEnvironmentProvider)) is IRunEnvironmentProvider provider
                ? await provider.GetAsync(execution, hostToken).ConfigureAwait(false)
                : new RunEnvironment();
            var runner = new ExecutionRunner(
                this, execution, definition, graph!, recorded, control, trigger ?? execution.Trigger, environment, hostToken, unwritten);
            var active = _active.TryGetValue(executionId, out var tracked) ? tracked.Cancel.Token : CancellationToken.None;
            // Linked only when both can cancel: a run started here or claimed has only its tracked entry's token, and a
            // linked source would cost every run a source and a registration for nothing.
            using var cancel = cancelToken.CanBeCanceled && active.CanBeCanceled
                ? CancellationTokenSource.CreateLinkedTokenSource(cancelToken, active)
                : null;
            try
            {
                return outcome = await runner.RunAsync(cancel?.Token ?? (cancelToken.CanBeCanceled ? cancelToken : active)).ConfigureAwait(false);
            }
            catch (OperationCanceledException stopped) when (hostToken.IsCancellationRequested || stopped is RunDrainedException)
            {
                Log.ExecutionInterrupted(Logger, executionId);
                throw;
            }
        }
        finally
        {
            // A finished run's final state released the lease in the same commit (IExecutionStore's contract); only
            // an interrupted run needs the separate write, which would cost a hot run one more commit to wait for.
            if (outcome is not { IsFinished: true })
            {
                await Store.ReleaseAsync(executionId, Options.OwnerId, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task<ExecutionRecord> FailUnstartedAsync(ExecutionRecord execution, string error)
    {
        var now = Time.GetUtcNow();
        await Journal.AppendAsync(new ExecutionStatusWritten(execution.Id, ExecutionStatus.Failed, null, error, now))
            .ConfigureAwait(false);
        return execution with { Status = ExecutionStatus.Failed, Error = error, FinishedAt = now };
    }

    private sealed class ActiveRun
    {
        private const int Running = 0;
        private const int CancelRequested = 1;
        private const int Detached = 2;

        private int _state;

        public CancellationTokenSource Cancel { get; } = new();

        /// <summary>Cancels the run unless it has parked and let go of this engine.</summary>
        public bool TryCancel()
        {
            if (Interlocked.CompareExchange(ref _state, CancelRequested, Running) == Detached)
            {
                return false;
            }

            try
            {
                Cancel.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The run ended between the lookup and the cancel: nothing here executes it any more.
                return false;
            }

            return true;
        }

        /// <summary>
        /// Lets go of the run once it has parked; false when a cancel came first. One atomic step, so a cancel is
        /// either seen by the parking run or refused here and taken by the caller's path for runs nobody executes.
        /// </summary>
        public bool TryDetach() => Interlocked.CompareExchange(ref _state, Detached, Running) != CancelRequested;

        public TaskCompletionSource<ExecutionRecord?> Completion { get; } =
            new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
