using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

public sealed partial class WorkflowEngine
{
    /// <summary>
    /// Runs a run its host created a moment ago with <see cref="CreateExecutionAsync"/>, with the definition in hand:
    /// neither the run nor its pinned version is read back from the store (a hot path such as a webhook). If another
    /// process claimed or cancelled the run meanwhile, the claim fails and the run is returned as the store has it.
    /// Otherwise it behaves as <see cref="RunExecutionAsync(string, CancellationToken)"/>.
    /// </summary>
    public Task<ExecutionRecord?> RunCreatedAsync(
        ExecutionRecord execution, ResolvedWorkflow workflow, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        ArgumentNullException.ThrowIfNull(workflow);
        if (workflow.Definition.Name != execution.Workflow || workflow.Version != execution.Version)
        {
            throw new ArgumentException(
                $"Execution '{execution.Id}' is pinned to '{execution.Workflow}' version {execution.Version}, " +
                $"not '{workflow.Definition.Name}' version {workflow.Version}.",
                nameof(workflow));
        }

        return RunTrackedAsync(
            execution.Id,
            () => RunClaimedAsync(execution.Id, workflow.Definition, null, cancellationToken, CancellationToken.None, execution),
            CancellationToken.None);
    }
}
