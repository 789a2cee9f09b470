using System.Diagnostics;
using System.Globalization;
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
    /// One replay of a code workflow. Each call to a durable operation takes the next position; the step id is its
    /// name (<c>name[n]</c> for its n-th repeat). A position the journal already holds must carry the same id, or the
    /// code is not deterministic and the run fails naming both.
    /// </summary>
    /// <remarks>
    /// The engine's own store failing under an operation (journaling a step, starting a child, a signal's record:
    /// <see cref="InfrastructureFault"/>) is not the workflow's failure, and the code never sees it: the operation
    /// never returns, as if the node had died there, the pass is over and the run stops resumable with the fault
    /// (its host runs it again once the store answers; steps journaled as done return their results on replay). A
    /// storage exception thrown by the code's own step function stays that step's failure: it comes from a store the
    /// workflow talks to, not from the engine's, so only the engine's call sites mark theirs (<see cref="EngineStoreFault"/>).
    /// </remarks>
    private sealed class CodeRun : ICodeRun
    {
        public const string CompensateSuffix = "#compensate";
        public const string SignalKind = "signal";
        private const string SignalInput = "signal";
        private const string DelayStep = "delay";

        private readonly ExecutionRunner _runner;
        private readonly List<string> _recorded;
        private readonly Dictionary<string, int> _repeats = new(StringComparer.Ordinal);
        private readonly List<(string StepId, Func<CancellationToken, Task> Compensate)> _compensations = [];
        private readonly List<StepOutcome> _suspensions = [];
        private readonly HashSet<string> _signals = new(StringComparer.Ordinal);
        private readonly Lock _gate = new();
        private readonly CancellationTokenSource _interrupt;
        private readonly TaskCompletionSource _interrupted = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // Never completed: what an operation interrupted by the store awaits, so the code does not go on.
        private readonly TaskCompletionSource _halted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _position;

        /// <param name="interrupt">The run's token, linked: cancelled when the store fails under the run, to stop the steps in flight.</param>
        public CodeRun(ExecutionRunner runner, CancellationTokenSource interrupt)
        {
            _runner = runner;
            _recorded = runner.RecordedCodeSequence();
            _interrupt = interrupt;
            CancellationToken = interrupt.Token;
        }

        /// <summary>Completes when the engine's store failed under an operation: the pass is over (the fault is the runner's).</summary>
        public Task Interrupted => _interrupted.Task;

        /// <summary>Why the run must fail because the code asked for other steps than the journal holds; null while it matches.</summary>
        public string? Divergence { get; private set; }

        /// <summary>The waits for signals this pass stopped at: when there are any, the run parks.</summary>
        public IReadOnlyList<StepOutcome> Suspensions
        {
            get
            {
                lock (_gate)
                {
                    return [.. _suspensions];
                }
            }
        }

        public bool HasCompensations
        {
            get
            {
                lock (_gate)
                {
                    return _compensations.Count > 0;
                }
            }
        }

        public string ExecutionId => _runner._execution.Id;

        public string WorkflowName => _runner._execution.Workflow;

        public string OrgId => _runner._execution.OrgId;

        public string OrgName => _runner._scope.Run?.OrgName ?? OrgId;

        public JsonObject Params => _runner._execution.Params;

        public CancellationToken CancellationToken { get; }

        public IServiceProvider Services => _runner._engine.Services;

        public HttpClient Http => _runner._engine.CodeHttp;

        public IValueLookup Config => _runner._scope.Config ?? EmptyLookup.Instance;

        public static string Describe(Exception exception) => exception switch
        {
            WorkflowException workflow => workflow.Message,
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };

        public Task<JsonNode?> StepAsync(
            string name,
            Func<CancellationToken, Task<JsonNode?>> action,
            RetryPolicy? retry = null,
            TimeSpan? timeout = null,
            Func<JsonNode?, CancellationToken, Task>? compensate = null) =>
            UnlessStoreFailsAsync(() => RunStepAsync(name, action, retry, timeout, compensate));

        private async Task<JsonNode?> RunStepAsync(
            string name,
            Func<CancellationToken, Task<JsonNode?>> action,
            RetryPolicy? retry,
            TimeSpan? timeout,
            Func<JsonNode?, CancellationToken, Task>? compensate)
        {
            ArgumentNullException.ThrowIfNull(action);
            var stepId = Claim(name);
            var outcome = await RunAsync(stepId, action, retry ?? RetryPolicy.None, timeout, null).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                throw new WorkflowException($"step '{stepId}' failed: {outcome.Error}", outcome.Code ?? "STEP_FAILED");
            }

            if (compensate is not null)
            {
                var output = outcome.Output;
                lock (_gate)
                {
                    _compensations.Add((stepId, ct => compensate(output?.DeepClone(), ct)));
                }
            }

            return outcome.Output;
        }

        public Task DelayAsync(TimeSpan duration) => UnlessStoreFailsAsync(() => RunDelayAsync(duration));

        private async Task RunDelayAsync(TimeSpan duration)
        {
            if (duration < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(duration), duration, "A delay cannot be negative.");
            }

            var stepId = Claim(DelayStep);
            var outcome = await RunAsync(stepId, null, RetryPolicy.None, null, duration).ConfigureAwait(false);
            if (!outcome.Succeeded)
            {
                throw new WorkflowException($"step '{stepId}' failed: {outcome.Error}", outcome.Code ?? "STEP_FAILED");
            }
        }

        public Task<(bool Received, JsonNode? Payload)> WaitForSignalAsync(string name, TimeSpan? timeout, string? message) =>
            UnlessStoreFailsAsync(() => WaitForSignalOnceAsync(name, timeout, message));

        private async Task<(bool Received, JsonNode? Payload)> WaitForSignalOnceAsync(string name, TimeSpan? timeout, string? message)
        {
            if (!IsSignalName(name))
            {
                throw new ArgumentException(
                    $"Invalid signal name '{name}': a signal name is [a-z0-9_], 1 to 64 characters.", nameof(name));
            }

            if (timeout is { } negative && negative < TimeSpan.Zero)
            {
                throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A signal's timeout cannot be negative.");
            }

            lock (_gate)
            {
                if (!_signals.Add(name))
                {
                    throw new ArgumentException(
                        $"This run already waited for signal '{name}'; give each wait its own name (e.g. {name}_2).", nameof(name));
                }
            }

            var stepId = Claim(name);
            var runner = _runner;
            runner._state.History.TryGetValue(stepId, out var history);
            if (history?.Latest is { Status: StepStatus.Succeeded, Output: var recorded })
            {
                return (recorded?["received"]?.GetValue<bool>() == true, recorded?["payload"]?.DeepClone());
            }

            if (runner._engine.Services.GetService(typeof(Signals.ISignalStore)) is not Signals.ISignalStore signals)
            {
                throw new WorkflowException(
                    "waiting for a signal needs a host that keeps signals (stepwise serve); this one has none", "SIGNALS_UNAVAILABLE");
            }

            var startedAt = history?.FirstStartedAt ?? runner.Time.GetUtcNow();
            var input = new JsonObject { [SignalInput] = name, ["message"] = message };
            var details = new JsonObject { ["message"] = message };
            if (runner._engine.Services.GetService(typeof(Signals.IApprovalLinks)) is Signals.IApprovalLinks links)
            {
                foreach (var (key, value) in links.Create(OrgId, ExecutionId, name))
                {
                    details[key] = value?.DeepClone();
                }
            }

            var (wait, created) = await signals.BeginWaitAsync(
                new Signals.SignalWait(
                    ExecutionId, name, OrgId, WorkflowName, SignalKind, Signals.SignalWaitStatus.Waiting,
                    startedAt, startedAt + timeout, details, null, null, null),
                CancellationToken).ConfigureAwait(false);
            if (history is null)
            {
                WriteSignal(stepId, StepStatus.Running, input, null, wait.WaitingSince, null, wait.DueAt);
            }

            if (created)
            {
                Log(
                    ExecutionLogLevel.Info,
                    wait.DueAt is { } due ? $"waiting for signal '{name}' until {due:O}" : $"waiting for signal '{name}'",
                    null);
            }

            var now = runner.Time.GetUtcNow();
            if (wait.Status == Signals.SignalWaitStatus.Waiting && wait.DueAt is { } deadline && deadline <= now)
            {
                wait = await signals.TimeOutAsync(ExecutionId, name, now, CancellationToken).ConfigureAwait(false);
            }

            switch (wait.Status)
            {
                case Signals.SignalWaitStatus.Received:
                    WriteSignal(stepId, StepStatus.Succeeded, input, new JsonObject
                    {
                        ["received"] = true,
                        ["payload"] = wait.Payload?.DeepClone(),
                        ["by"] = wait.SentBy,
                    }, wait.WaitingSince, wait.ResolvedAt ?? now, wait.DueAt);
                    return (true, wait.Payload?.DeepClone());
                case Signals.SignalWaitStatus.TimedOut:
                    WriteSignal(stepId, StepStatus.Succeeded, input, new JsonObject
                    {
                        ["received"] = false,
                        ["timed_out"] = true,
                    }, wait.WaitingSince, wait.ResolvedAt ?? now, wait.DueAt);
                    return (false, null);
                default:
                    lock (_gate)
                    {
                        _suspensions.Add(StepOutcome.Suspended(name, wait.DueAt));
                    }

                    throw new Signals.RunSuspendedException(name, wait.DueAt);
            }
        }

        /// <summary>Whether a recorded step is a wait for a signal (its time does not count against the run's timeout).</summary>
        public static bool IsSignalWait(StepRecord step) => step.Input is JsonObject input && input.ContainsKey(SignalInput);

        private static bool IsSignalName(string? name) =>
            name is { Length: >= 1 and <= 64 } && name.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

        private void WriteSignal(
            string stepId, StepStatus status, JsonObject input, JsonNode? output,
            DateTimeOffset startedAt, DateTimeOffset? finishedAt, DateTimeOffset? dueAt) =>
            _runner._journal.Append(new StepWritten(new StepRecord(
                ExecutionId, stepId, stepId, 1, status, input.DeepClone(), output, null, startedAt, finishedAt, dueAt)));

        public Task<JsonNode?> RunChildAsync(string workflow, JsonObject input) =>
            UnlessStoreFailsAsync(() => RunChildOnceAsync(workflow, input));

        private async Task<JsonNode?> RunChildOnceAsync(string workflow, JsonObject input)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(workflow);
            var stepId = Claim($"workflow.{workflow}");
            var outcome = await RunAsync(
                stepId,
                async ct =>
                {
                    var attempt = _runner._state.History.TryGetValue(stepId, out var h) ? h.Latest.Attempt : 1;
                    ActionResult result;
                    try
                    {
                        result = await _runner.RunChildAsync(workflow, input, wait: true, stepId, attempt, ct).ConfigureAwait(false);
                    }
                    catch (Exception exception) when (InfrastructureFault.Is(exception))
                    {
                        // Recording or running the child met the store failing: the engine's, not this step's.
                        throw new EngineStoreFault(exception);
                    }

                    return result.Succeeded ? result.Output : throw new WorkflowException(result.Error!, result.Code ?? "CHILD_FAILED");
                },
                RetryPolicy.None,
                null,
                null).ConfigureAwait(false);
            return outcome.Succeeded
                ? outcome.Output
                : throw new WorkflowException($"step '{stepId}' failed: {outcome.Error}", outcome.Code ?? "STEP_FAILED");
        }

        public void Log(ExecutionLogLevel level, string message, JsonNode? data) =>
            _runner._journal.Append(new LogWritten(new ExecutionLogRecord(
                ExecutionId, null, level, message, data, _runner.Time.GetUtcNow())));

        public string? GetSecret(string name)
        {
            if (!_runner._secrets.TryGet(name, out var value) || value is null)
            {
                return null;
            }

            return value is JsonValue text && text.TryGetValue<string>(out var s) ? s : value.ToJsonString();
        }

        public async ValueTask<OAuthTokenLookup> GetOAuthTokenAsync(string connection)
        {
            if (Services.GetService(typeof(IOAuthTokenSource)) is not IOAuthTokenSource source)
            {
                return new OAuthTokenLookup(null, OAuthTokenResult.ConnectionNotFound(connection));
            }

            var token = await UnlessStoreFailsAsync(
                async () => await source.GetTokenAsync(OrgId, connection, null, CancellationToken).ConfigureAwait(false))
                .ConfigureAwait(false);
            if (token.AccessToken is { } accessToken)
            {
                _runner._secrets.Conceal(accessToken);
            }

            return new OAuthTokenLookup(token.AccessToken, token.Error);
        }

        /// <summary>Runs the registered compensations newest first; returns what went wrong.</summary>
        public async Task<List<string>> CompensateAsync(CancellationToken token)
        {
            List<(string StepId, Func<CancellationToken, Task> Compensate)> registered;
            lock (_gate)
            {
                registered = [.. _compensations];
            }

            var problems = new List<string>();
            for (var i = registered.Count - 1; i >= 0; i--)
            {
                var (stepId, compensate) = registered[i];
                var outcome = await RunAsync(
                    stepId + CompensateSuffix,
                    async ct =>
                    {
                        await compensate(ct).ConfigureAwait(false);
                        return null;
                    },
                    RetryPolicy.None,
                    null,
                    null).ConfigureAwait(false);
                if (!outcome.Succeeded)
                {
                    problems.Add($"compensation of '{stepId}' {StatusText.ToText(outcome.Status)}: {outcome.Error}");
                }
            }

            return problems;
        }

        /// <summary>Takes the next position for <paramref name="name"/> and checks it against the journal.</summary>
        private string Claim(string name)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(name);
            if (name.Contains('[', StringComparison.Ordinal) || name.Contains('#', StringComparison.Ordinal))
            {
                throw new ArgumentException($"Step name '{name}' cannot contain '[' or '#'.", nameof(name));
            }

            lock (_gate)
            {
                if (Divergence is not null)
                {
                    throw new WorkflowException(Divergence, "NON_DETERMINISTIC");
                }

                // Code that caught the suspension of a wait must not run ahead of the signal: nothing new starts.
                if (_suspensions.Count > 0)
                {
                    throw new Signals.RunSuspendedException(null, null);
                }

                var repeat = _repeats.GetValueOrDefault(name);
                _repeats[name] = repeat + 1;
                var stepId = repeat == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}[{repeat}]");
                var position = _position++;
                if (position < _recorded.Count && !string.Equals(_recorded[position], stepId, StringComparison.Ordinal))
                {
                    Divergence = string.Create(
                        CultureInfo.InvariantCulture,
                        $"step {position + 1} was '{_recorded[position]}' when this run started, the code now asks for '{stepId}'");
                    throw new WorkflowException(Divergence, "NON_DETERMINISTIC");
                }

                return stepId;
            }
        }

        /// <summary>
        /// The step's outcome: recorded, or from its attempts (a delay when <paramref name="delay"/> is given). Every
        /// attempt's start is journaled before it runs, in call order, which is what the replay check reads.
        /// </summary>
        private async Task<StepOutcome> RunAsync(
            string stepId, Func<CancellationToken, Task<JsonNode?>>? action, RetryPolicy retry, TimeSpan? timeout, TimeSpan? delay)
        {
            var runner = _runner;
            runner._state.History.TryGetValue(stepId, out var history);
            switch (history?.Latest.Status)
            {
                case StepStatus.Succeeded:
                    return StepOutcome.Success(history.Latest.Output);
                case StepStatus.Failed:
                    return StepOutcome.Failure(history.Latest.Error ?? "failed");
            }

            var roundStart = runner._state.Control.RoundStartOf(stepId);
            var attempt = history is null ? roundStart
                : history.Latest.Status is StepStatus.Running or StepStatus.RetryScheduled ? history.Latest.Attempt
                : history.Latest.Attempt + 1;
            var stepStartedAt = history?.FirstStartedAt ?? runner.Time.GetUtcNow();
            if (delay is { } wait)
            {
                return await WaitAsync(stepId, attempt, stepStartedAt, history?.Latest.DueAt ?? stepStartedAt + wait).ConfigureAwait(false);
            }

            if (history?.Latest is { Status: StepStatus.RetryScheduled, DueAt: { } dueAt } && dueAt > runner.Time.GetUtcNow())
            {
                await Task.Delay(dueAt - runner.Time.GetUtcNow(), runner.Time, CancellationToken).ConfigureAwait(false);
            }

            var budget = Math.Max(1, retry.MaxAttempts - (attempt - roundStart));
            for (var left = budget; ; left--)
            {
                var (outcome, retryable, startedAt) = await AttemptAsync(stepId, attempt, action!, timeout).ConfigureAwait(false);
                var now = runner.Time.GetUtcNow();
                Write(stepId, attempt, outcome.Status, outcome.Output, outcome.Error, startedAt, now, null);
                if (outcome.Succeeded || !retryable || left <= 1)
                {
                    return outcome;
                }

                var backoff = Backoff(retry, attempt - roundStart + 1);
                attempt++;
                Write(stepId, attempt, StepStatus.RetryScheduled, null, outcome.Error, now, null, now + backoff);
                await Task.Delay(backoff, runner.Time, CancellationToken).ConfigureAwait(false);
            }
        }

        private async Task<(StepOutcome Outcome, bool Retryable, DateTimeOffset StartedAt)> AttemptAsync(
            string stepId, int attempt, Func<CancellationToken, Task<JsonNode?>> action, TimeSpan? timeout)
        {
            var runner = _runner;
            var time = runner.Time;
            var startedAt = time.GetUtcNow();
            Write(stepId, attempt, StepStatus.Running, null, null, startedAt, null, null);

            // A start the journal failed to record must not act: the replay would not know it had.
            ThrowIfJournalFailed();
            using var span = Telemetry.RunTraces.StartStep(ExecutionId, stepId, "code", attempt);
            using var limit = timeout is { } t ? new CancellationTokenSource(t, time) : null;
            using var linked = limit is null ? null : CancellationTokenSource.CreateLinkedTokenSource(CancellationToken, limit.Token);
            var token = linked?.Token ?? CancellationToken;
            StepOutcome outcome;
            var retryable = true;
            try
            {
                var task = action(token);
                var output = limit is null ? await task.ConfigureAwait(false) : await task.WaitAsync(token).ConfigureAwait(false);
                outcome = PayloadMeter.Check("output", output, runner._engine.Options.MaxPayloadBytes) is { } tooLarge
                    ? StepOutcome.Failure(tooLarge, "PAYLOAD_TOO_LARGE")
                    : StepOutcome.Success(output);
                retryable = outcome.Succeeded;
            }
            catch (Signals.RunSuspendedException suspended)
            {
                // A child run that waits (an approval) or runs elsewhere: the attempt stays running, the run parks and
                // this attempt looks again for the same child when the run replays.
                lock (_gate)
                {
                    _suspensions.Add(StepOutcome.Suspended(suspended.WaitName, suspended.ResumeAt));
                }

                Telemetry.RunTraces.EndStep(span, "waiting", null);
                throw;
            }
            catch (OperationCanceledException) when (limit?.IsCancellationRequested == true && !CancellationToken.IsCancellationRequested)
            {
                outcome = StepOutcome.Failure($"step timed out after {Duration.Format(timeout!.Value)}", "STEP_TIMEOUT");
            }
            catch (EngineStoreFault)
            {
                // The attempt stays running: the replay does it again (a child found again by its id).
                Telemetry.RunTraces.EndStep(span, "interrupted", null);
                throw;
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // A host shutting down, or the store failing under the run, leaves the attempt running, so the resumed
                // run does it again; a cancel ends it.
                if (!runner._hostToken.IsCancellationRequested && !_interrupted.Task.IsCompleted)
                {
                    Write(stepId, attempt, StepStatus.Cancelled, null, "cancelled", startedAt, time.GetUtcNow(), null);
                }

                Telemetry.RunTraces.EndStep(span, "cancelled", null);
                throw;
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                outcome = StepOutcome.Failure(Describe(exception), (exception as WorkflowException)?.Code ?? "STEP_EXCEPTION");
                retryable = exception is not ConfigurationError;
            }

            var status = StatusText.ToText(outcome.Status);
            Scheduling.Log.StepFinished(runner._engine.Logger, ExecutionId, stepId, attempt, status);
            Telemetry.RunTraces.EndStep(span, status, runner._secrets.Redact(outcome.Error));
            Telemetry.EngineMetrics.StepFinished(WorkflowName, "code", status, time.GetUtcNow() - startedAt);
            return (outcome, retryable, startedAt);
        }

        private async Task<StepOutcome> WaitAsync(string stepId, int attempt, DateTimeOffset startedAt, DateTimeOffset dueAt)
        {
            Write(stepId, attempt, StepStatus.Running, null, null, startedAt, null, dueAt);
            ThrowIfJournalFailed();
            var left = dueAt - _runner.Time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left, _runner.Time, CancellationToken).ConfigureAwait(false);
            }

            var output = new JsonObject { ["waited_until"] = dueAt };
            Write(stepId, attempt, StepStatus.Succeeded, output, null, startedAt, _runner.Time.GetUtcNow(), dueAt);
            return StepOutcome.Success(output);
        }

        /// <summary>
        /// Runs one of the code's operations; when the engine's store fails under it, the operation never returns
        /// (see the remarks on <see cref="CodeRun"/>) and the run's steps in flight are cancelled, as a host stop does.
        /// </summary>
        private async Task<T> UnlessStoreFailsAsync<T>(Func<Task<T>> operation)
        {
            try
            {
                // An earlier write may have failed unseen (appends are not awaited): nothing more starts on it.
                ThrowIfJournalFailed();
                var result = await operation().ConfigureAwait(false);
                ThrowIfJournalFailed();
                return result;
            }
            catch (Exception exception) when (StoreFaultOf(exception) is { } fault)
            {
                Interrupt(fault);
            }
            catch (OperationCanceledException) when (_interrupted.Task.IsCompleted)
            {
                // Cancelled by the interruption (a step in flight, a retry's backoff): as much the store's doing.
            }

            await _halted.Task.ConfigureAwait(false);
            throw new UnreachableException();
        }

        private Task UnlessStoreFailsAsync(Func<Task> operation) =>
            UnlessStoreFailsAsync(async () =>
            {
                await operation().ConfigureAwait(false);
                return true;
            });

        /// <summary>
        /// The engine's store fault behind an exception from its own machinery, null for anything else. A bare
        /// storage exception counts: the user's step functions never throw through here (a step's exception is its
        /// outcome), only the engine's calls do.
        /// </summary>
        private static Exception? StoreFaultOf(Exception exception) => exception switch
        {
            EngineStoreFault marked => marked.InnerException,
            _ when InfrastructureFault.Is(exception) => exception,
            _ => null,
        };

        private void ThrowIfJournalFailed()
        {
            if (_runner._journal.Fault is { } fault)
            {
                throw fault;
            }
        }

        private void Interrupt(Exception fault)
        {
            Interlocked.CompareExchange(ref _runner._infrastructureFault, fault, null);
            if (_interrupted.TrySetResult())
            {
                try
                {
                    _interrupt.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The run had already ended (this is code it left behind): nothing in flight to stop.
                }
            }
        }

        private static TimeSpan Backoff(RetryPolicy retry, int retryNumber)
        {
            var delay = retry.Backoff == BackoffKind.Fixed
                ? retry.Delay
                : TimeSpan.FromTicks((long)Math.Min(retry.Delay.Ticks * Math.Pow(2, retryNumber - 1), TimeSpan.FromDays(1).Ticks));
            return retry.MaxDelay is { } max && delay > max ? max : delay;
        }

        private void Write(
            string stepId, int attempt, StepStatus status, JsonNode? output, string? error,
            DateTimeOffset startedAt, DateTimeOffset? finishedAt, DateTimeOffset? dueAt) =>
            _runner._journal.Append(new StepWritten(new StepRecord(
                ExecutionId, stepId, stepId, attempt, status, null, output, error, startedAt, finishedAt, dueAt)));
    }

    private sealed class EmptyLookup : IValueLookup
    {
        public static readonly EmptyLookup Instance = new();

        public bool TryGet(string name, out JsonNode? value)
        {
            value = null;
            return false;
        }
    }
}
