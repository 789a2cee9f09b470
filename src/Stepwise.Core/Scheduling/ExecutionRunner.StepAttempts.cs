using System.Text.Json.Nodes;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// The attempts of one step: each is recorded (its start too when the action talks to the outside world), runs
    /// under the node's per-attempt timeout, and has its output size checked.
    /// </summary>
    private sealed class StepAttempts(
        ExecutionRunner runner,
        NodeDefinition node,
        string stepId,
        IAction action,
        JsonObject inputs,
        EvaluationScope scope,
        int firstAttempt,
        DateTimeOffset? stepStartedAt,
        DateTimeOffset? resumedAttemptStartedAt = null)
    {
        private int _attempt = firstAttempt - 1;
        private DateTimeOffset? _stepStartedAt = stepStartedAt;

        public NodeDefinition Node => node;

        public string StepId => stepId;

        public int Attempt => _attempt;

        public EvaluationScope Scope => scope;

        public async ValueTask<ActionResult> RunAsync(CancellationToken token)
        {
            var time = runner.Time;
            var attempt = ++_attempt;
            // A resumed attempt (recorded as running) keeps its start, so its due time and the step's first start
            // stay where they were however often the run is parked and resumed.
            var startedAt = attempt == firstAttempt && resumedAttemptStartedAt is { } resumed ? resumed : time.GetUtcNow();
            _stepStartedAt ??= startedAt;
            if (action is IExternalAction)
            {
                var dueAt = (action as IDurableTimerAction)?.GetDueAt(inputs, _stepStartedAt.Value);
                Write(attempt, StepStatus.Running, null, null, startedAt, null, dueAt);
            }

            var log = new ExecutionLogWriter(runner._journal, runner._execution.Id, stepId, time, runner._logBudget);
            var context = new ActionContext
            {
                ExecutionId = runner._execution.Id,
                OrgId = runner._execution.OrgId,
                WorkflowName = runner._execution.Workflow,
                NodeId = node.Id,
                StepId = stepId,
                Attempt = attempt,
                Inputs = inputs,
                StepStartedAt = _stepStartedAt.Value,
                Time = time,
                Log = log,
                Services = runner._engine.Services,
                Runtime = new StepRuntime(runner, this),
            };

            ActionResult result;
            using var span = Telemetry.RunTraces.StartStep(
                runner._execution.Id, stepId, node.Type, attempt, callsOut: action is not Actions.IInMemoryAction);
            using var timeout = node.Timeout is { } limit ? new CancellationTokenSource(limit, time) : null;
            using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
            try
            {
                result = await action.ExecuteAsync(context, linked?.Token ?? token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout?.IsCancellationRequested == true && !token.IsCancellationRequested)
            {
                result = ActionResult.Failure($"step timed out after {Duration.Format(node.Timeout!.Value)}", "STEP_TIMEOUT");
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // A host shutting down leaves the attempt as running, so the run resumes it; anything else ends it.
                if (!runner._hostToken.IsCancellationRequested)
                {
                    Write(attempt, StepStatus.Cancelled, null, "cancelled", startedAt, time.GetUtcNow(), null);
                }

                throw;
            }
            catch (Signals.RunSuspendedException)
            {
                // The step waits (its start is recorded with its due time): the run parks, nothing more to write.
                Telemetry.RunTraces.EndStep(span, "waiting", null);
                throw;
            }
            catch (Exception exception) when (InfrastructureFault.Is(exception))
            {
                // The store failed under the action (a child run, a signal, a record): not the step's doing. The run
                // stops resumable and this attempt runs again once the store answers.
                Telemetry.RunTraces.EndStep(span, "interrupted", null);
                throw;
            }
            catch (Exception exception) when (exception is not (OutOfMemoryException or RunDrainedException))
            {
                result = ActionResult.Failure(
                    $"action '{node.Type}' threw {exception.GetType().Name}: {exception.Message}", "ACTION_EXCEPTION");
            }

            if (result.Succeeded && log.Exceeded)
            {
                result = ActionResult.Failure(RunBudgets.LogTooLarge(runner._logBudget.Limit), "RUN_BUDGET", retryable: false);
            }

            // An output that is the inputs object (transform) was measured as the step's input already.
            if (result.Succeeded
                && !ReferenceEquals(result.Output, inputs)
                && PayloadMeter.Check("output", result.Output, runner._engine.Options.MaxPayloadBytes) is { } tooLarge)
            {
                result = ActionResult.Failure(tooLarge, "PAYLOAD_TOO_LARGE", retryable: false);
            }

            var status = result.Succeeded ? StepStatus.Succeeded : StepStatus.Failed;
            var finishedAt = time.GetUtcNow();
            Write(attempt, status, result.Output, result.Error, startedAt, finishedAt, null);
            Log.StepFinished(runner._engine.Logger, runner._execution.Id, stepId, attempt, StatusText.ToText(status));
            Telemetry.RunTraces.EndStep(span, StatusText.ToText(status), runner._secrets.Redact(result.Error));
            Telemetry.EngineMetrics.StepFinished(runner._execution.Workflow, node.Type, StatusText.ToText(status), finishedAt - startedAt);
            return result;
        }

        /// <summary>Records the next attempt as a durable timer, so a restart waits only for the rest of the backoff.</summary>
        public void ScheduleRetry(TimeSpan delay, string? lastError)
        {
            var now = runner.Time.GetUtcNow();
            Write(_attempt + 1, StepStatus.RetryScheduled, null, lastError, now, null, now + delay);
        }

        private void Write(
            int attempt, StepStatus status, JsonNode? output, string? error, DateTimeOffset startedAt,
            DateTimeOffset? finishedAt, DateTimeOffset? dueAt) =>
            runner._journal.Append(new StepWritten(new StepRecord(
                runner._execution.Id, stepId, node.Id, attempt, status, inputs, output, error, startedAt, finishedAt, dueAt)));
    }
}
