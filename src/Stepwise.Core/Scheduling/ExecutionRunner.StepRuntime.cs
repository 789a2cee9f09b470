using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>What a running action may ask of the engine: run its template per item, or run a child workflow.</summary>
    private sealed class StepRuntime(ExecutionRunner runner, StepAttempts step) : IActionRuntime, Actions.IDurableStepRuntime
    {
        public Actions.ActionRegistry Actions => runner._engine.Actions;

        public ValueTask<ResolvedWorkflow?> ResolveWorkflowAsync(string workflow, CancellationToken cancellationToken = default) =>
            runner._engine.Resolver.GetLatestAsync(runner._execution.OrgId, workflow, cancellationToken);

        public async ValueTask<ActionResult> StepAsync(
            string name, JsonNode? input, Func<CancellationToken, ValueTask<ActionResult>> run, CancellationToken cancellationToken = default)
        {
            var stepId = $"{step.StepId}#{name}";
            runner._state.History.TryGetValue(stepId, out var history);
            if (history?.Latest is { Status: StepStatus.Succeeded } done)
            {
                return ActionResult.Success(done.Output?.DeepClone());
            }

            var attempt = history is null ? 1
                : history.Latest.Status == StepStatus.Running ? history.Latest.Attempt : history.Latest.Attempt + 1;
            var time = runner.Time;
            var startedAt = time.GetUtcNow();
            Write(stepId, attempt, StepStatus.Running, input, null, null, startedAt, null);
            ActionResult result;
            try
            {
                result = await run(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not (OperationCanceledException or Signals.RunSuspendedException or OutOfMemoryException)
                && !InfrastructureFault.Is(exception))
            {
                Write(stepId, attempt, StepStatus.Failed, input, null, exception.Message, startedAt, time.GetUtcNow());
                throw;
            }

            Write(
                stepId, attempt, result.Succeeded ? StepStatus.Succeeded : StepStatus.Failed, input, result.Output, result.Error,
                startedAt, time.GetUtcNow());

            // A finished piece (a paid model turn, a tool's side effect) is durable before the next one starts.
            await runner._journal.FlushAsync().ConfigureAwait(false);
            return result;
        }

        public ValueTask<ActionResult> RunActionAsync(
            string name, IAction action, JsonObject inputs, CancellationToken cancellationToken = default) =>
            StepAsync(
                name,
                inputs.DeepClone(),
                ct => action.ExecuteAsync(
                    new ActionContext
                    {
                        ExecutionId = runner._execution.Id,
                        OrgId = runner._execution.OrgId,
                        WorkflowName = runner._execution.Workflow,
                        NodeId = step.Node.Id,
                        StepId = $"{step.StepId}#{name}",
                        Attempt = 1,
                        Inputs = inputs,
                        StepStartedAt = runner.Time.GetUtcNow(),
                        Time = runner.Time,
                        Log = new ExecutionLogWriter(runner._journal, runner._execution.Id, $"{step.StepId}#{name}", runner.Time, runner._logBudget),
                        Services = runner._engine.Services,
                        Runtime = this,
                    },
                    ct),
                cancellationToken);

        public ValueTask<ActionResult> RunWorkflowAsync(
            string name, string workflow, JsonObject input, CancellationToken cancellationToken = default) =>
            StepAsync(
                name,
                input.DeepClone(),
                ct => runner.RunChildAsync(workflow, input, wait: true, $"{step.StepId}#{name}", 1, ct),
                cancellationToken);

        private void Write(
            string stepId, int attempt, StepStatus status, JsonNode? input, JsonNode? output, string? error,
            DateTimeOffset startedAt, DateTimeOffset? finishedAt) =>
            runner._journal.Append(new StepWritten(new StepRecord(
                runner._execution.Id, stepId, step.Node.Id, attempt, status, input, output, error, startedAt, finishedAt, null)));

        public void Conceal(string value) => runner._secrets.Conceal(value);

        public async ValueTask<ActionResult> RunTemplateAsync(
            string templateInput, int index, JsonNode? item, CancellationToken cancellationToken = default)
        {
            if (!step.Node.Templates.TryGetValue(templateInput, out var template))
            {
                return ActionResult.Failure(
                    $"node '{step.Node.Id}' has no '{templateInput}' template", "INVALID_TEMPLATE", retryable: false);
            }

            // A draining host starts no new item: those running finish, the rest run after the restart (the foreach
            // step was never recorded as finished, so it runs again and skips the items that succeeded).
            if (runner._engine.IsDraining)
            {
                throw new RunDrainedException();
            }

            var outcome = await runner.RunStepAsync(
                template, $"{step.StepId}[{index}]", step.Scope.WithItem(item, index), cancellationToken).ConfigureAwait(false);
            return outcome.Status switch
            {
                StepStatus.Succeeded => ActionResult.Success(outcome.Output),
                StepStatus.Skipped => ActionResult.Success(null),
                StepStatus.Failed when template.ContinueOnError => ActionResult.Success(RunState.ErrorOutput(outcome.Error)),
                _ => ActionResult.Failure(outcome.Error ?? "cancelled", outcome.Code),
            };
        }

        public ValueTask<ActionResult> RunWorkflowAsync(
            string workflow, JsonObject input, bool wait, CancellationToken cancellationToken = default) =>
            runner.RunChildAsync(workflow, input, wait, step.StepId, step.Attempt, cancellationToken);
    }
}
