using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Ends a run that a node failed: with <c>on_failure: compensate</c> it compensates (see
    /// <see cref="CompensateAsync"/>), otherwise it ends failed and its completed steps stay as they are.
    /// </summary>
    private async Task<(ExecutionStatus, JsonNode?, string?)> FailAsync(NodeFailure failure, CancellationToken token)
    {
        if (_definition.OnFailure != OnFailure.Compensate)
        {
            return (ExecutionStatus.Failed, null, failure.Error);
        }

        _journal.Append(new ExecutionStatusWritten(
            _execution.Id, ExecutionStatus.Compensating, null, failure.Error, Time.GetUtcNow()));
        return await CompensateAsync(failure.Error, token).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs the compensate actions of completed nodes in reverse completion order (steps <c>node#compensate</c>); a
    /// compensation that already succeeded is not run again. One that fails does not stop the others: the run then
    /// ends failed, naming it, after <paramref name="error"/> (why the run is being compensated).
    /// </summary>
    private async Task<(ExecutionStatus, JsonNode?, string?)> CompensateAsync(string error, CancellationToken token)
    {
        var problems = new List<string>();
        for (var i = _state.CompletionOrder.Count - 1; i >= 0; i--)
        {
            var node = _definition.Nodes[_state.CompletionOrder[i]];
            if (node.Compensate is not { } compensate)
            {
                continue;
            }

            StepOutcome outcome;
            try
            {
                outcome = await RunStepAsync(compensate, $"{node.Id}#compensate", _scope, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested && !_hostToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Cancelled;
            }

            if (outcome.Status is StepStatus.Failed or StepStatus.Cancelled)
            {
                problems.Add($"compensation of '{node.Id}' {StatusText.ToText(outcome.Status)}: {outcome.Error}");
            }
        }

        return problems.Count == 0
            ? (ExecutionStatus.Compensated, null, error)
            : (ExecutionStatus.Failed, null, $"{error}; {string.Join("; ", problems)}");
    }

    private string CompensationError() =>
        _state.RestoredFailure is { } node ? $"node '{_graph.NodeIds[node]}' failed" : "compensation was requested";
}
