using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>What a running action may ask of the engine: run its template per item, or run a child workflow.</summary>
    private sealed class StepRuntime(ExecutionRunner runner, StepAttempts step) : IActionRuntime
    {
        public void Conceal(string value) => runner._secrets.Conceal(value);

        public async ValueTask<ActionResult> RunTemplateAsync(
            string templateInput, int index, JsonNode? item, CancellationToken cancellationToken = default)
        {
            if (!step.Node.Templates.TryGetValue(templateInput, out var template))
            {
                return ActionResult.Failure(
                    $"node '{step.Node.Id}' has no '{templateInput}' template", "INVALID_TEMPLATE", retryable: false);
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
