using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

public sealed partial class WorkflowEngine
{
    // Runs a retry or compensation request is being prepared for, so two requests for one run cannot interleave.
    private readonly ConcurrentDictionary<string, byte> _controlling = new(StringComparer.Ordinal);

    /// <summary>
    /// Runs a finished run again under the same execution id. Without <paramref name="fromNode"/> (a failed, timed
    /// out or cancelled run) the steps that failed, were cancelled or never finished run again, and nodes that never
    /// ran run for the first time; succeeded steps keep their outputs. With <paramref name="fromNode"/> (any finished
    /// run but a compensated one) that node and every node downstream of it run again too, foreach items included;
    /// nodes upstream keep their outputs. A step that runs again starts a fresh round of attempts (its retry policy
    /// applies in full) numbered after its earlier attempts, which stay in the step history; a child workflow it runs
    /// is a new run. The run gets its whole timeout again, counted from the request.
    /// </summary>
    /// <param name="executionId">The run to retry.</param>
    /// <param name="fromNode">The node to re-run from, or null to retry the failed steps only.</param>
    /// <param name="wait">True to run the retried run to its final state before returning; false to start it in the
    /// background and return at once (status running).</param>
    /// <param name="cancellationToken">Interrupts a waited-for run, which stays resumable, and throws.</param>
    /// <returns>
    /// <see cref="RunControlStatus.Accepted"/> with the run; or, changing nothing,
    /// <see cref="RunControlStatus.ExecutionNotFound"/>, <see cref="RunControlStatus.NodeNotFound"/>
    /// (<c>Node 'x' not found in workflow 'w'</c>), <see cref="RunControlStatus.WorkflowNotFound"/>, or
    /// <see cref="RunControlStatus.Conflict"/> when the run is still active, succeeded (without a node to re-run
    /// from), was compensated in whole or in part, or has invalid params; each with a message naming the problem.
    /// </returns>
    public Task<RunControlResult> RetryAsync(
        string executionId, string? fromNode = null, bool wait = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        return ControlAsync(
            executionId,
            (execution, definition, token) => PrepareRetryAsync(execution, definition, fromNode, token),
            wait,
            cancellationToken);
    }

    /// <summary>
    /// Compensates a failed, timed out or cancelled run on request: the <c>compensate</c> actions of its completed
    /// nodes run in reverse completion order as steps <c>node#compensate</c>, whatever the workflow's
    /// <c>on_failure</c> says. The run is compensating meanwhile and ends compensated; when a compensation fails the
    /// others still run and the run ends failed naming it, and a later request runs only the compensations that have
    /// not succeeded. The error of the run stays the reason it failed.
    /// </summary>
    /// <param name="executionId">The run to compensate.</param>
    /// <param name="wait">True to return once compensation has finished; false to run it in the background and
    /// return at once (status compensating).</param>
    /// <param name="cancellationToken">Interrupts a waited-for compensation, which stays resumable, and throws.</param>
    /// <returns>
    /// <see cref="RunControlStatus.Accepted"/> with the run; or, changing nothing,
    /// <see cref="RunControlStatus.ExecutionNotFound"/>, <see cref="RunControlStatus.WorkflowNotFound"/>, or
    /// <see cref="RunControlStatus.Conflict"/> when the run is still active, already compensated, succeeded, or has
    /// nothing left to compensate (no completed node with a compensate action that has not succeeded).
    /// </returns>
    public Task<RunControlResult> CompensateAsync(
        string executionId, bool wait = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(executionId);
        return ControlAsync(executionId, PrepareCompensationAsync, wait, cancellationToken);
    }

    private async Task<RunControlResult> ControlAsync(
        string executionId,
        Func<ExecutionRecord, WorkflowDefinition, CancellationToken, Task<RunControlResult>> prepare,
        bool wait,
        CancellationToken cancellationToken)
    {
        if (!_controlling.TryAdd(executionId, 0))
        {
            return RunControlResult.Refused(
                RunControlStatus.Conflict, null, $"Execution '{executionId}' is already being retried or compensated");
        }

        RunControlResult prepared;
        WorkflowDefinition definition;
        try
        {
            var execution = await Store.GetExecutionAsync(executionId, cancellationToken).ConfigureAwait(false);
            if (execution is null)
            {
                return RunControlResult.Refused(
                    RunControlStatus.ExecutionNotFound, null, $"Execution '{executionId}' not found");
            }

            if (!execution.IsFinished || _active.ContainsKey(executionId))
            {
                return RunControlResult.Refused(
                    RunControlStatus.Conflict,
                    execution,
                    $"Execution '{executionId}' is still {StatusText.ToText(execution.Status)}; wait for it to finish or cancel it first");
            }

            var resolved = await Resolver
                .GetVersionAsync(execution.OrgId, execution.Workflow, execution.Version, cancellationToken)
                .ConfigureAwait(false);
            if (resolved is null)
            {
                return RunControlResult.Refused(
                    RunControlStatus.WorkflowNotFound,
                    execution,
                    $"Workflow '{execution.Workflow}' version {execution.Version} not found, so execution '{executionId}' cannot run again");
            }

            definition = resolved.Definition;
            prepared = await prepare(execution, definition, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _controlling.TryRemove(executionId, out _);
        }

        if (!prepared.IsAccepted)
        {
            return prepared;
        }

        if (!wait)
        {
            RunInBackground(executionId);
            return prepared;
        }

        var finished = await RunTrackedAsync(
            executionId,
            () => RunClaimedAsync(executionId, definition, null, cancellationToken, CancellationToken.None),
            CancellationToken.None).ConfigureAwait(false);
        return RunControlResult.Accepted(finished ?? prepared.Execution!);
    }

    private async Task<RunControlResult> PrepareRetryAsync(
        ExecutionRecord execution, WorkflowDefinition definition, string? fromNode, CancellationToken cancellationToken)
    {
        var id = execution.Id;
        if (execution.Status == ExecutionStatus.Compensated)
        {
            return Conflict($"Execution '{id}' was compensated: its completed steps were undone, so it cannot be retried; start a new run");
        }

        // A run refused for its params failed before any step; running it again could only fail the same way.
        ExecutionParams.Prepare(definition, execution.Params, out var invalidParams);
        if (invalidParams is not null)
        {
            return Conflict($"Execution '{id}' cannot run again: {invalidParams}; start a new run with valid params");
        }

        if (execution.Status == ExecutionStatus.Succeeded && fromNode is null)
        {
            return Conflict($"Execution '{id}' succeeded, so it has no failed steps to retry; name a node to re-run from it");
        }

        if (!TryBuildGraph(definition, out var graph, out var problem))
        {
            return Conflict(problem);
        }

        if (fromNode is not null && graph.IndexOf(fromNode) < 0)
        {
            return RunControlResult.Refused(
                RunControlStatus.NodeNotFound, execution, $"Node '{fromNode}' not found in workflow '{definition.Name}'");
        }

        var steps = await Store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
        if (steps.Any(s => s.StepId.Contains('#', StringComparison.Ordinal)))
        {
            return Conflict($"Execution '{id}' was partly compensated: some completed steps were undone, so it cannot be retried; compensate it again or start a new run");
        }

        var control = RunControlHistory.Read(await Store.GetLogsAsync(id, cancellationToken).ConfigureAwait(false));
        var now = Time.GetUtcNow();
        var plan = RetryPlan.Create(definition, graph, steps, control, fromNode, now);
        foreach (var closed in plan.Closed)
        {
            await Journal.AppendAsync(new StepWritten(closed), cancellationToken).ConfigureAwait(false);
        }

        // The marker goes before the status: a run seen running again always knows what its retry superseded.
        await Journal.AppendAsync(RunControlHistory.RetryLine(id, fromNode, plan.RoundStarts, now), cancellationToken)
            .ConfigureAwait(false);
        await Journal.AppendAsync(new ExecutionStatusWritten(id, ExecutionStatus.Running, null, null, now), cancellationToken)
            .ConfigureAwait(false);
        Log.ExecutionRetried(Logger, id, fromNode, plan.RoundStarts.Count);
        return RunControlResult.Accepted(
            execution with { Status = ExecutionStatus.Running, Output = null, Error = null, FinishedAt = null });

        RunControlResult Conflict(string message) => RunControlResult.Refused(RunControlStatus.Conflict, execution, message);
    }

    private async Task<RunControlResult> PrepareCompensationAsync(
        ExecutionRecord execution, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var id = execution.Id;
        if (execution.Status is ExecutionStatus.Compensated or ExecutionStatus.Succeeded)
        {
            return RunControlResult.Refused(
                RunControlStatus.Conflict,
                execution,
                execution.Status == ExecutionStatus.Compensated
                    ? $"Execution '{id}' is already compensated"
                    : $"Execution '{id}' succeeded; only a failed, timed out or cancelled run can be compensated");
        }

        var steps = await Store.GetStepsAsync(id, cancellationToken).ConfigureAwait(false);
        var control = RunControlHistory.Read(await Store.GetLogsAsync(id, cancellationToken).ConfigureAwait(false));
        if (definition.Code is null && !HasCompensationLeft(definition, StepHistory.Build(steps, control)))
        {
            return RunControlResult.Refused(
                RunControlStatus.Conflict,
                execution,
                $"Execution '{id}' has nothing to compensate: no completed step has a compensate action that has not run");
        }

        var reason = FailureReason(execution, definition, steps, control);
        var now = Time.GetUtcNow();
        await Journal.AppendAsync(RunControlHistory.CompensationLine(id, now), cancellationToken).ConfigureAwait(false);
        await Journal.AppendAsync(
            new ExecutionStatusWritten(id, ExecutionStatus.Compensating, null, reason, now), cancellationToken)
            .ConfigureAwait(false);
        Log.CompensationRequested(Logger, id);
        return RunControlResult.Accepted(
            execution with { Status = ExecutionStatus.Compensating, Output = null, Error = reason, FinishedAt = null });
    }

    /// <summary>
    /// A completed node with a <c>compensate</c> action whose compensation has not succeeded yet. A code workflow's
    /// compensations are registered while it runs, so only its run knows them; it is always let through.
    /// </summary>
    private static bool HasCompensationLeft(WorkflowDefinition definition, Dictionary<string, StepHistory> history) =>
        definition.Nodes.Any(node => node.Compensate is not null
            && history.TryGetValue(node.Id, out var step) && step.Latest.Status == StepStatus.Succeeded
            && !(history.TryGetValue(node.Id + "#compensate", out var undo)
                && undo.Latest.Status == StepStatus.Succeeded));

    /// <summary>
    /// Why the run failed, without what an earlier compensation added to its error: after a compensation that
    /// failed, the error names the node that failed again, as the run first said it.
    /// </summary>
    private static string? FailureReason(
        ExecutionRecord execution, WorkflowDefinition definition, IReadOnlyList<StepRecord> steps, RunControlHistory control)
    {
        if (!steps.Any(s => s.StepId.EndsWith("#compensate", StringComparison.Ordinal)))
        {
            return execution.Error;
        }

        var history = StepHistory.Build(steps, control);
        foreach (var node in definition.Nodes)
        {
            if (!node.ContinueOnError && history.TryGetValue(node.Id, out var step)
                && step.Latest.Status == StepStatus.Failed)
            {
                return $"node '{node.Id}' failed: {step.Latest.Error}";
            }
        }

        return execution.Error;
    }

    /// <summary>
    /// The graph of each definition in use, built once: a definition is immutable and shared by every run of its
    /// version, so building its graph per run only cost allocations. Keyed by instance, so a definition changed with
    /// <c>with</c> gets its own, and one no longer referenced lets go of its graph.
    /// </summary>
    private static readonly ConditionalWeakTable<WorkflowDefinition, GraphBuild> Graphs = new();

    private static bool TryBuildGraph(
        WorkflowDefinition definition,
        [NotNullWhen(true)] out WorkflowGraph? graph,
        [NotNullWhen(false)] out string? problem)
    {
        var build = Graphs.GetValue(definition, static definition =>
            WorkflowGraph.TryBuild(
                [.. definition.Nodes.Select(n => n.Id)],
                [.. definition.Connections.Select(c => (c.From, c.To))],
                out var built,
                out var cycle)
                ? new GraphBuild(built, null)
                : new GraphBuild(null, $"workflow '{definition.Name}' has a cycle: {string.Join(" -> ", cycle)}"));
        graph = build.Graph;
        problem = build.Problem;
        return graph is not null;
    }

    private sealed record GraphBuild(WorkflowGraph? Graph, string? Problem);
}
