using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Compensates a finished run on request, whatever its <c>on_failure</c>: the compensate actions of its completed
    /// nodes run in reverse completion order. Compensations already recorded as succeeded are not run again, so a
    /// compensation interrupted by a crash resumes. The run ends compensated, or failed naming the compensations
    /// that failed; its original error is kept.
    /// </summary>
    public async Task<ExecutionRecord> CompensateOnDemandAsync(CancellationToken cancelToken)
    {
        using var run = CancellationTokenSource.CreateLinkedTokenSource(_hostToken, cancelToken);
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
                outcome = await RunStepAsync(compensate, $"{node.Id}#compensate", _scope, run.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (run.IsCancellationRequested && !_hostToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Cancelled;
            }

            _hostToken.ThrowIfCancellationRequested();
            if (outcome.Status is StepStatus.Failed or StepStatus.Cancelled)
            {
                problems.Add($"compensation of '{node.Id}' {StatusNames.Of(outcome.Status)}: {outcome.Error}");
            }
        }

        var error = _execution.Error;
        return problems.Count == 0
            ? await FinishAsync(ExecutionStatus.Compensated, null, error).ConfigureAwait(false)
            : await FinishAsync(
                ExecutionStatus.Failed,
                null,
                string.Join("; ", new[] { error }.Concat(problems).Where(p => !string.IsNullOrEmpty(p)))).ConfigureAwait(false);
    }
}
