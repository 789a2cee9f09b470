using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Ends a run that a node failed: with <c>on_failure: compensate</c>, the compensate actions of completed nodes run
    /// in reverse completion order (steps <c>node#compensate</c>). A compensation that fails does not stop the others;
    /// the run then ends failed, naming it.
    /// </summary>
    private async Task<(ExecutionStatus, JsonNode?, string?)> FailAsync(NodeFailure failure, CancellationToken token)
    {
        if (_definition.OnFailure != OnFailure.Compensate)
        {
            return (ExecutionStatus.Failed, null, failure.Error);
        }

        _journal.Append(new ExecutionStatusWritten(
            _execution.Id, ExecutionStatus.Compensating, null, failure.Error, Time.GetUtcNow()));
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
                problems.Add($"compensation of '{node.Id}' {StatusNames.Of(outcome.Status)}: {outcome.Error}");
            }
        }

        return problems.Count == 0
            ? (ExecutionStatus.Compensated, null, failure.Error)
            : (ExecutionStatus.Failed, null, $"{failure.Error}; {string.Join("; ", problems)}");
    }
}
