using System.Collections.Concurrent;
using Stepwise.Core.Actions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

public sealed partial class WorkflowEngine
{
    // Runs created with RunOptions.RunHere and not yet run: created claimed, so running them needs no claim.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claimedAtCreation = new(StringComparer.Ordinal);

    // Runs created with RunOptions.WriteWhenFinished and not yet run: not written yet, claimed by this engine alone.
    private readonly ConcurrentDictionary<string, UnwrittenRun> _unwrittenAtCreation = new(StringComparer.Ordinal);

    // Whether a definition's nodes all compute in memory (IInMemoryAction), per definition instance.
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Definitions.WorkflowDefinition, object> _inMemoryOnly = new();

    /// <summary>
    /// Runs a run its host created a moment ago with <see cref="CreateExecutionAsync"/>, with the definition in hand:
    /// neither the run nor its pinned version is read back from the store (a hot path such as a webhook). If another
    /// process claimed or cancelled the run meanwhile, the claim fails and the run is returned as the store has it.
    /// Otherwise it behaves as <see cref="RunExecutionAsync(string, CancellationToken)"/>. A run created with
    /// <see cref="RunOptions.RunHere"/> is already claimed by this engine and is not claimed again, saving a write.
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

        // A claim made at creation is trusted for half a lease: long enough for a run started at once, short
        // enough that a run left waiting is claimed again (the lease may have lapsed and the run moved on).
        // An unwritten run is this engine's alone (nobody else can see it): claimed, whatever its age.
        var unwritten = _unwrittenAtCreation.TryRemove(execution.Id, out var held) ? held : null;
        var claimed = unwritten is not null
            || (_claimedAtCreation.TryRemove(execution.Id, out var createdAt) && Time.GetUtcNow() - createdAt < Options.LeaseDuration / 2);
        return RunTrackedAsync(
            execution.Id,
            () => RunClaimedAsync(
                execution.Id, workflow.Definition, null, cancellationToken, CancellationToken.None, execution, claimed, unwritten),
            CancellationToken.None);
    }

    /// <summary>Whether every node of the definition runs an action that only computes in memory.</summary>
    private bool IsInMemoryOnly(Definitions.WorkflowDefinition definition)
    {
        if (_inMemoryOnly.TryGetValue(definition, out var known))
        {
            return (bool)known;
        }

        var inMemory = definition.Code is null && definition.Nodes.Count > 0
            && definition.Nodes.All(node => Actions.TryGet(node.Type, out var action) && action is IInMemoryAction);
        _inMemoryOnly.AddOrUpdate(definition, inMemory);
        return inMemory;
    }

    /// <summary>
    /// Runs a run this engine claimed at <paramref name="claimedAt"/> through
    /// <see cref="IExecutionStore.ClaimResumableAsync"/> (new work, or a run whose owner died), from the record the
    /// claim returned: it is neither read nor claimed again. A claim older than a tenth of a lease (the run waited for
    /// a slot) is renewed first, and if another process took the run meanwhile it is returned as the store has it.
    /// </summary>
    public Task<ExecutionRecord?> RunClaimedRecordAsync(
        ExecutionRecord execution, DateTimeOffset claimedAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        // Trusted only while nearly the whole lease is left: the lease keeper's first renewal comes a third of a lease
        // after the run starts, and a run that waited for a slot under load must not let its lease lapse meanwhile.
        var claimed = Time.GetUtcNow() - claimedAt < Options.LeaseDuration / 10;
        return RunTrackedAsync(
            execution.Id,
            () => RunClaimedAsync(execution.Id, null, null, cancellationToken, CancellationToken.None, execution, claimed),
            CancellationToken.None);
    }

    private void RememberClaimedAtCreation(string executionId)
    {
        var now = Time.GetUtcNow();
        if (_claimedAtCreation.Count >= 10_000)
        {
            // Runs a host created to run here but never ran: their leases lapse and recovery takes them.
            foreach (var (id, at) in _claimedAtCreation)
            {
                if (now - at >= Options.LeaseDuration)
                {
                    _claimedAtCreation.TryRemove(id, out _);
                }
            }
        }

        _claimedAtCreation[executionId] = now;
    }
}
