using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Runs the compensations of a run whose status is <see cref="ExecutionStatus.Compensating"/> (a host set it on
    /// request, or a compensation was interrupted): completed nodes are undone in reverse order, compensations already
    /// done are skipped. Returns the record as it is when the run is unknown, not compensating, or held by another
    /// process; cancelling <paramref name="cancellationToken"/> interrupts (the run stays resumable) and throws.
    /// </summary>
    public Task<ExecutionRecord?> CompensateExecutionAsync(string executionId, CancellationToken cancellationToken = default) =>
        RunTrackedAsync(executionId, () => CompensateClaimedAsync(executionId, cancellationToken), CancellationToken.None);

    private async Task<ExecutionRecord?> CompensateClaimedAsync(string executionId, CancellationToken hostToken)
    {
        var execution = await Store.GetExecutionAsync(executionId, hostToken).ConfigureAwait(false);
        if (execution is null || execution.Status != ExecutionStatus.Compensating)
        {
            return execution;
        }

        var leaseUntil = Time.GetUtcNow() + Options.LeaseDuration;
        if (!await Store.TryClaimAsync(executionId, Options.OwnerId, leaseUntil, hostToken).ConfigureAwait(false))
        {
            return execution;
        }

        using var lease = _leases.Hold();
        try
        {
            var resolved = await Resolver
                .GetVersionAsync(execution.OrgId, execution.Workflow, execution.Version, hostToken).ConfigureAwait(false);
            if (resolved is null)
            {
                return await FailUnstartedAsync(
                    execution, $"workflow '{execution.Workflow}' version {execution.Version} not found").ConfigureAwait(false);
            }

            var graph = WorkflowGraph.Build(resolved.Definition);
            var recorded = await Store.GetStepsAsync(executionId, hostToken).ConfigureAwait(false);
            var environment = Services.GetService(typeof(IRunEnvironmentProvider)) is IRunEnvironmentProvider provider
                ? await provider.GetAsync(execution, hostToken).ConfigureAwait(false)
                : new RunEnvironment();
            var runner = new ExecutionRunner(
                this, execution, resolved.Definition, graph, recorded, null, environment, hostToken);
            var active = _active.TryGetValue(executionId, out var tracked) ? tracked.Cancel.Token : CancellationToken.None;
            try
            {
                return await runner.CompensateOnDemandAsync(active).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (hostToken.IsCancellationRequested)
            {
                Log.ExecutionInterrupted(Logger, executionId);
                throw;
            }
        }
        finally
        {
            await Store.ReleaseAsync(executionId, Options.OwnerId, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
