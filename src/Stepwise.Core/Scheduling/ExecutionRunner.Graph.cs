using System.Runtime.ExceptionServices;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Runs the graph until every node has finished, a node has failed (in-flight siblings are then cancelled), or
    /// the run is stopped. Returns the failure, if any; throws the store's fault when one interrupted a step.
    /// </summary>
    private async Task<NodeFailure?> RunGraphAsync(CancellationTokenSource graph)
    {
        var maxParallel = _definition.MaxParallelNodes > 0
            ? _definition.MaxParallelNodes
            : Definitions.WorkflowDefinition.DefaultMaxParallelNodes;
        var waitingOn = new int[_graph.Count];
        var ready = new Queue<int>();
        foreach (var node in _graph.TopologicalOrder)
        {
            if (_state.IsFinished(node))
            {
                continue;
            }

            // Indexed, not foreach: the lists are arrays behind IReadOnlyList, whose enumerator is an object.
            var predecessors = _graph.Predecessors(node);
            for (var i = 0; i < predecessors.Count; i++)
            {
                if (!_state.IsFinished(predecessors[i]))
                {
                    waitingOn[node]++;
                }
            }

            if (waitingOn[node] == 0)
            {
                ready.Enqueue(node);
            }
        }

        NodeFailure? failure = null;
        var running = 0;
        while (true)
        {
            // A draining host starts no new step: those running finish, the rest wait for the next start. Nor does a
            // store that failed under a step or lost a journal write.
            while (failure is null && !graph.IsCancellationRequested && running < maxParallel && !_engine.IsDraining
                && Volatile.Read(ref _infrastructureFault) is null && !_journal.HasFault && ready.TryDequeue(out var next))
            {
                if (AllPredecessorsSkipped(next))
                {
                    RecordSkipped(_graph.NodeIds[next]);
                    _state.Set(next, NodeStatus.Skipped);
                    Release(next, waitingOn, ready);
                    continue;
                }

                _state.Set(next, NodeStatus.Running);
                running++;
                _ = RunNodeAsync(next, graph.Token);
            }

            if (running == 0)
            {
                ThrowIfInfrastructureFault();
                if (_journal.Fault is { } unrecorded)
                {
                    throw unrecorded;
                }

                if (failure is null && (ready.Count > 0 || _drainedStep) && _engine.IsDraining && !graph.IsCancellationRequested)
                {
                    throw new RunDrainedException();
                }

                return failure;
            }

            var (done, outcome) = await _completions.TakeAsync().ConfigureAwait(false);
            running--;
            switch (outcome.Status)
            {
                case StepStatus.Succeeded:
                    _state.Set(done, NodeStatus.Succeeded, outcome.Output);
                    Release(done, waitingOn, ready);
                    break;
                case StepStatus.Skipped:
                    _state.Set(done, NodeStatus.Skipped);
                    Release(done, waitingOn, ready);
                    break;
                case StepStatus.Failed when _definition.Nodes[done].ContinueOnError:
                    _state.Set(done, NodeStatus.FailedContinued, RunState.ErrorOutput(outcome.Error));
                    Release(done, waitingOn, ready);
                    break;
                case StepStatus.Running:
                    _state.Set(done, NodeStatus.Waiting);
                    _suspended.Add(outcome);
                    break;
                case StepStatus.Failed:
                    _state.Set(done, NodeStatus.Failed);
                    failure ??= new NodeFailure(done, $"node '{_graph.NodeIds[done]}' failed: {outcome.Error}");
                    await graph.CancelAsync().ConfigureAwait(false);
                    break;
                default:
                    _state.Set(done, NodeStatus.Cancelled);
                    break;
            }
        }
    }

    /// <summary>
    /// Throws the store's fault that interrupted the run (a graph step, a code workflow's operation), if one did: the
    /// run then stops resumable and its host runs it again once the store answers.
    /// </summary>
    private void ThrowIfInfrastructureFault()
    {
        if (Volatile.Read(ref _infrastructureFault) is { } fault)
        {
            ExceptionDispatchInfo.Throw(fault);
        }
    }

    private async Task RunNodeAsync(int node, CancellationToken token)
    {
        StepOutcome outcome;
        try
        {
            var definition = _definition.Nodes[node];
            outcome = await RunStepAsync(definition, definition.Id, _scope, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            outcome = StepOutcome.Cancelled;
        }
        catch (Signals.RunSuspendedException suspended)
        {
            outcome = StepOutcome.Suspended(suspended.WaitName, suspended.ResumeAt);
        }
        catch (RunDrainedException)
        {
            // A foreach stopped between its items: the run stops resumable once the other steps finish.
            _drainedStep = true;
            outcome = StepOutcome.Cancelled;
        }
        catch (Exception exception) when (InfrastructureFault.Is(exception))
        {
            // Not the step's failure: the graph starts nothing more and, once the steps in flight end, the run stops
            // resumable with this fault (RunGraphAsync), for its host to run again when the store answers.
            Interlocked.CompareExchange(ref _infrastructureFault, exception, null);
            outcome = StepOutcome.Cancelled;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            outcome = StepOutcome.Failure($"the engine failed to run the step: {exception.Message}", "ENGINE_ERROR");
        }

        _completions.Add((node, outcome));
    }

    private bool AllPredecessorsSkipped(int node)
    {
        var predecessors = _graph.Predecessors(node);
        if (predecessors.Count == 0)
        {
            return false;
        }

        for (var i = 0; i < predecessors.Count; i++)
        {
            if (_state.StatusOf(predecessors[i]) != NodeStatus.Skipped)
            {
                return false;
            }
        }

        return true;
    }

    private void Release(int node, int[] waitingOn, Queue<int> ready)
    {
        var successors = _graph.Successors(node);
        for (var i = 0; i < successors.Count; i++)
        {
            if (--waitingOn[successors[i]] == 0)
            {
                ready.Enqueue(successors[i]);
            }
        }
    }

    private void RecordSkipped(string nodeId, string? stepId = null, int attempt = 1)
    {
        var now = Time.GetUtcNow();
        _journal.Append(new StepWritten(new StepRecord(
            _execution.Id, stepId ?? nodeId, nodeId, attempt, StepStatus.Skipped, null, null, null, now, now, null)));
    }
}
