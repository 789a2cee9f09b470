using System.Text.Json;
using System.Text.Json.Nodes;
using Polly;
using Polly.Retry;
using Stepwise.Core.Actions;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;
using Stepwise.Sdk;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    private static readonly TimeSpan MaxPollyDelay = TimeSpan.FromDays(1);

    /// <summary>
    /// Runs one step (a node, a foreach item or a compensation) to its outcome: <c>when</c>, inputs, then every
    /// attempt its retry policy allows. A step the store already saw succeed or skip is not run again; one that was
    /// waiting for a retry waits only for the rest of its backoff and keeps its attempt count.
    /// </summary>
    // A ValueTask: most steps (every in-memory one) finish without awaiting, and a Task would be one more object each.
    private async ValueTask<StepOutcome> RunStepAsync(
        NodeDefinition node, string stepId, EvaluationScope scope, CancellationToken token)
    {
        _state.History.TryGetValue(stepId, out var history);
        switch (history?.Latest.Status)
        {
            case StepStatus.Succeeded:
                return StepOutcome.Success(history.Latest.Output);
            case StepStatus.Skipped:
                return StepOutcome.Skipped;
        }

        // Attempt numbers never repeat across retries of the run: a new round continues after the superseded ones.
        var roundStart = _state.Control.RoundStartOf(stepId);
        var firstAttempt = history is null ? roundStart
            : history.Latest.Status is StepStatus.Running or StepStatus.RetryScheduled ? history.Latest.Attempt
            : history.Latest.Attempt + 1;
        if (history is null && Interlocked.Increment(ref _stepsStarted) > _engine.Options.Budgets.MaxSteps)
        {
            return RecordFailure(node, stepId, firstAttempt, null, RunBudgets.TooManySteps(_engine.Options.Budgets.MaxSteps), "RUN_BUDGET");
        }

        // Expressions stop at the step's timeout and at the run's cancel or timeout, even when they never await.
        using var evaluationTimeout = node.Timeout is { } limit ? new CancellationTokenSource(limit, Time) : null;
        using var evaluationToken = evaluationTimeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(token, evaluationTimeout.Token);
        scope = WithCancellation(scope, token);
        var evaluation = evaluationToken is null ? scope : scope.WithCancellation(evaluationToken.Token);
        if (node.When is { } when)
        {
            var decision = when.Evaluate(evaluation);
            if (decision.IsError && StoppedWhileEvaluating(node, stepId, firstAttempt, evaluationTimeout, token) is { } stopped)
            {
                return stopped;
            }

            if (decision.IsError || decision.Value?.GetValueKind() is not (null or JsonValueKind.True or JsonValueKind.False))
            {
                var why = decision.Error ?? $"must be a bool, got {decision.Value!.ToJsonString()}";
                return RecordFailure(node, stepId, firstAttempt, null, decision.StandsAlone ? why : $"when: {why}", "INVALID_WHEN");
            }

            if (decision.Value?.GetValueKind() != JsonValueKind.True)
            {
                RecordSkipped(node.Id, stepId, firstAttempt);
                return StepOutcome.Skipped;
            }
        }

        if (!_engine.Actions.TryGet(node.Type, out var action))
        {
            return RecordFailure(node, stepId, firstAttempt, null, $"unknown action type '{node.Type}'", "UNKNOWN_ACTION");
        }

        var inputs = new JsonObject();
        var invalid = node.With is Dictionary<string, ValueTemplate> with
            ? EvaluateInputs(with, inputs, evaluation)
            : EvaluateInputs(node.With, inputs, evaluation);
        if (invalid is { } failedInput)
        {
            var (name, value) = failedInput;
            if (StoppedWhileEvaluating(node, stepId, firstAttempt, evaluationTimeout, token) is { } stopped)
            {
                return stopped;
            }

            var error = value.StandsAlone ? value.Error! : $"input '{name}': {value.Error}";
            return RecordFailure(node, stepId, firstAttempt, null, error, "INVALID_INPUT");
        }

        if (PayloadMeter.Check("input", inputs, _engine.Options.MaxPayloadBytes) is { } tooLarge)
        {
            return RecordFailure(node, stepId, firstAttempt, null, tooLarge, "PAYLOAD_TOO_LARGE");
        }

        if (action is Actions.BuiltIn.ForeachAction && inputs["items"] is JsonArray items && items.Count > _engine.Options.Budgets.MaxForeachItems)
        {
            return RecordFailure(
                node, stepId, firstAttempt, null, RunBudgets.ForeachTooWide(items.Count, _engine.Options.Budgets.MaxForeachItems), "RUN_BUDGET");
        }

        if (history?.Latest is { Status: StepStatus.RetryScheduled, DueAt: { } dueAt } && dueAt > Time.GetUtcNow())
        {
            await Task.Delay(dueAt - Time.GetUtcNow(), Time, token).ConfigureAwait(false);
        }

        var budget = history?.Latest.Status is StepStatus.Running or StepStatus.RetryScheduled
            ? Math.Max(1, node.Retry.MaxAttempts - (firstAttempt - roundStart))
            : node.Retry.MaxAttempts;
        var attempts = new StepAttempts(
            this, node, stepId, action, inputs, scope, firstAttempt, history?.FirstStartedAt,
            history?.Latest.Status == StepStatus.Running ? history.Latest.StartedAt : null);
        var result = budget <= 1
            ? await attempts.RunAsync(token).ConfigureAwait(false)
            : await RetryPipeline(node.Retry, budget, attempts)
                .ExecuteAsync(static (step, ct) => step.RunAsync(ct), attempts, token).ConfigureAwait(false);
        return result.Succeeded ? StepOutcome.Success(result.Output) : StepOutcome.Failure(result.Error!, result.Code);
    }

    /// <summary>
    /// Evaluates each input into <paramref name="inputs"/>; returns the first that failed, with its result. This
    /// overload takes what the loader builds, so the dictionary's struct enumerator is used: through the interface,
    /// each step boxed one.
    /// </summary>
    private static (string Name, EvaluationResult Result)? EvaluateInputs(
        Dictionary<string, ValueTemplate> with, JsonObject inputs, EvaluationScope evaluation)
    {
        foreach (var (name, template) in with)
        {
            if (!TryEvaluateInput(name, template, inputs, evaluation, out var failed))
            {
                return (name, failed);
            }
        }

        return null;
    }

    private static (string Name, EvaluationResult Result)? EvaluateInputs(
        IReadOnlyDictionary<string, ValueTemplate> with, JsonObject inputs, EvaluationScope evaluation)
    {
        foreach (var (name, template) in with)
        {
            if (!TryEvaluateInput(name, template, inputs, evaluation, out var failed))
            {
                return (name, failed);
            }
        }

        return null;
    }

    private static bool TryEvaluateInput(
        string name, ValueTemplate template, JsonObject inputs, EvaluationScope evaluation, out EvaluationResult failed)
    {
        var value = template.Evaluate(evaluation);
        if (value.IsError)
        {
            failed = value;
            return false;
        }

        inputs[name] = value.Value;
        failed = default;
        return true;
    }

    /// <summary>
    /// The scope with the step's token. Every step of the graph has the same token, so the run's scope with it is made
    /// once, not once per step; a foreach item's scope is its own. Steps racing to set the field store equal scopes.
    /// </summary>
    private EvaluationScope WithCancellation(EvaluationScope scope, CancellationToken token)
    {
        if (!ReferenceEquals(scope, _scope))
        {
            return scope.WithCancellation(token);
        }

        var cached = Volatile.Read(ref _stepScope);
        if (cached is null || cached.CancellationToken != token)
        {
            cached = _scope.WithCancellation(token);
            Volatile.Write(ref _stepScope, cached);
        }

        return cached;
    }

    private ResiliencePipeline<ActionResult> RetryPipeline(RetryPolicy policy, int budget, StepAttempts attempts) =>
        new ResiliencePipelineBuilder<ActionResult> { TimeProvider = Time }
            .AddRetry(new RetryStrategyOptions<ActionResult>
            {
                MaxRetryAttempts = budget - 1,
                BackoffType = policy.Backoff == BackoffKind.Fixed ? DelayBackoffType.Constant : DelayBackoffType.Exponential,
                Delay = policy.Delay < MaxPollyDelay ? policy.Delay : MaxPollyDelay,
                MaxDelay = policy.MaxDelay is { } max && max < MaxPollyDelay ? max : null,
                UseJitter = policy.Jitter,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Result is { Succeeded: false, Retryable: true }),
                OnRetry = args =>
                {
                    attempts.ScheduleRetry(args.RetryDelay, args.Outcome.Result?.Error);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();

    /// <summary>
    /// After an evaluation failed: a cancel or shutdown throws (the run decides what that means), the step's timeout
    /// fails the step as a timeout; null when the failure was the expression's own.
    /// </summary>
    private StepOutcome? StoppedWhileEvaluating(
        NodeDefinition node, string stepId, int attempt, CancellationTokenSource? stepTimeout, CancellationToken token)
    {
        token.ThrowIfCancellationRequested();
        return stepTimeout?.IsCancellationRequested == true
            ? RecordFailure(node, stepId, attempt, null, $"step timed out after {Duration.Format(node.Timeout!.Value)}", "STEP_TIMEOUT")
            : null;
    }

    private StepOutcome RecordFailure(
        NodeDefinition node, string stepId, int attempt, JsonObject? inputs, string error, string code)
    {
        var now = Time.GetUtcNow();
        _journal.Append(new StepWritten(new StepRecord(
            _execution.Id, stepId, node.Id, attempt, StepStatus.Failed, inputs, null, error, now, now, null)));
        return StepOutcome.Failure(error, code);
    }
}
