using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Core.Expressions;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Runs one execution of a workflow, new or resumed, to its final state. The graph loop is single-threaded: it starts
/// ready nodes up to max_parallel_nodes and applies each finished step's outcome; the steps themselves run
/// concurrently. Three tokens stop a run: the host's (shutdown: the run stays resumable and the call throws), the
/// cancel token (a user's cancel or a parent that gave up: status cancelled) and the whole-run timeout.
/// </summary>
internal sealed partial class ExecutionRunner
{
    private readonly WorkflowEngine _engine;
    private readonly ExecutionRecord _execution;
    private readonly WorkflowDefinition _definition;
    private readonly WorkflowGraph _graph;
    private readonly RunState _state;
    private readonly IReadOnlyList<StepRecord> _recorded;
    private readonly RunJournal _journal;
    private readonly SecretRedactor _secrets;
    private readonly EvaluationScope _scope;
    private readonly DateTimeOffset _startedAt;
    private readonly DateTimeOffset _deadlineFrom;
    private readonly CancellationToken _hostToken;
    private readonly RunLogBudget _logBudget;
    private int _stepsStarted;

    // The run's scope with the graph's token, shared by its steps (WithCancellation).
    private EvaluationScope? _stepScope;

    // Set by a step that stopped between its items because the host drains (read by the graph loop after it joined).
    private volatile bool _drainedStep;
    private Exception? _infrastructureFault;
    private readonly List<StepOutcome> _suspended = [];
    private readonly CompletionQueue<(int Node, StepOutcome Outcome)> _completions = new();

    public ExecutionRunner(
        WorkflowEngine engine,
        ExecutionRecord execution,
        WorkflowDefinition definition,
        WorkflowGraph graph,
        IReadOnlyList<StepRecord> recorded,
        RunControlHistory control,
        JsonObject? trigger,
        RunEnvironment environment,
        CancellationToken hostToken,
        UnwrittenRun? unwritten = null)
    {
        var secrets = new SecretRedactor(environment.Secrets);
        _secrets = secrets;
        _engine = engine;
        _execution = execution;
        _definition = definition;
        _graph = graph;
        _hostToken = hostToken;
        _journal = new RunJournal(engine.Journal, secrets, unwritten, engine.Time, expectedEntries: definition.Nodes.Count + 2);
        _state = new RunState(definition, graph, recorded, control);
        _recorded = recorded;
        _logBudget = new RunLogBudget(engine.Options.Budgets.MaxLogBytes);
        _stepsStarted = _state.History.Count;
        _startedAt = execution.StartedAt ?? engine.Time.GetUtcNow();

        // A retry or compensation request gives the run its whole timeout again, or a timed-out run could never retry.
        _deadlineFrom = control.LastRequestAt is { } requested && requested > _startedAt ? requested : _startedAt;
        _scope = new EvaluationScope
        {
            Params = execution.Params,
            Nodes = _state,
            Run = new RunRoots(
                execution.Id, execution.Workflow, execution.Version, _startedAt, execution.OrgId, environment.OrgName ?? execution.OrgId),
            Trigger = trigger,
            Config = environment.Config,
            Secrets = secrets,
            Taint = secrets.Taint,
            Time = engine.Time,
            Limits = engine.Options.Budgets.Expressions,
        };
    }

    private TimeProvider Time => _engine.Time;

    public async Task<ExecutionRecord> RunAsync(CancellationToken cancelToken)
    {
        try
        {
            return await RunToEndAsync(cancelToken).ConfigureAwait(false);
        }
        catch
        {
            // Interrupted (shutdown) or crashed while held in memory: written as it stands, so it resumes.
            _journal.WriteHeld();
            throw;
        }
    }

    private async Task<ExecutionRecord> RunToEndAsync(CancellationToken cancelToken)
    {
        // A run found compensating (its on_failure compensation, or one requested later, was interrupted) only
        // finishes compensating; its graph does not run again.
        var compensating = _execution.Status == ExecutionStatus.Compensating;
        if (!compensating)
        {
            _journal.Append(new ExecutionStatusWritten(_execution.Id, ExecutionStatus.Running, null, null, _startedAt));
        }

        Log.ExecutionStarted(_engine.Logger, _execution.Id, _execution.Workflow, _execution.Version);
        using var activity = Telemetry.RunTraces.StartRun(_execution.Id, _execution.Workflow, _execution.Version);

        // Time spent waiting for people (approvals) does not count against the workflow's timeout.
        var remaining = _deadlineFrom + _definition.Timeout + TimeWaitingForSignals() - Time.GetUtcNow();
        // One source for the run, which times out itself and is cancelled by the host's token and the cancel token
        // through a registration on each: a timeout source plus one linked to all three cost every run a source, an
        // array and two registrations more. Cancelled while neither token is, it timed out.
        using var run = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, Time);
        using var fromHost = _hostToken.UnsafeRegister(CancelRun, run);
        using var fromCancel = cancelToken.UnsafeRegister(CancelRun, run);
        bool TimedOut() => run.IsCancellationRequested && !_hostToken.IsCancellationRequested && !cancelToken.IsCancellationRequested;
        using var graph = CancellationTokenSource.CreateLinkedTokenSource(run.Token);
        if (_state.Control.CancelRequested && !compensating)
        {
            await graph.CancelAsync().ConfigureAwait(false);
        }

        // A code workflow replays its method even when found compensating: the compensations are registered by the
        // steps it passes again.
        var code = _definition.Code is { } workflow ? await RunCodeAsync(workflow, run.Token).ConfigureAwait(false) : default;
        var failure = compensating || _definition.Code is not null ? null : await RunGraphAsync(graph).ConfigureAwait(false);
        _hostToken.ThrowIfCancellationRequested();
        if (failure is null && _suspended.Count > 0 && !cancelToken.IsCancellationRequested && !TimedOut())
        {
            return await ParkAsync(activity, cancelToken).ConfigureAwait(false);
        }

        // A cancel or timeout explains the failures it caused, so it wins over them.
        var (status, output, error) = cancelToken.IsCancellationRequested || (_state.Control.CancelRequested && !compensating)
            ? (ExecutionStatus.Cancelled, null, CancelledMessage)
            : TimedOut()
                ? (ExecutionStatus.TimedOut, null, TimeoutMessage(_definition.Timeout))
                : _definition.Code is not null
                    ? code
                : compensating
                    ? await CompensateAsync(_execution.Error ?? CompensationError(), run.Token).ConfigureAwait(false)
                    : failure is not null
                        ? await FailAsync(failure, run.Token).ConfigureAwait(false)
                        : Succeed();
        _hostToken.ThrowIfCancellationRequested();

        // The final state also goes back to whoever waits for the run and into its trace, not only to the journal. A
        // graph run's output is its own (a template evaluated into new nodes, or its sinks' outputs copied), so it is
        // not copied again unless a secret was read; a code workflow may return a step's output, which the run's state
        // and journal hold as well, so its output is always copied.
        output = _definition.Code is null ? _secrets.RedactOwned(output) : _secrets.Redact(output);
        error = _secrets.Redact(error);
        Telemetry.RunTraces.EndRun(activity, StatusText.ToText(status), error);
        return await FinishAsync(status, output, error).ConfigureAwait(false);
    }

    private static readonly Action<object?> CancelRun = static source => ((CancellationTokenSource)source!).Cancel();

    public const string CancelledMessage = "Execution was cancelled";

    public static string TimeoutMessage(TimeSpan timeout) =>
        string.Create(CultureInfo.InvariantCulture, $"Workflow exceeded {timeout.TotalSeconds:0.###} second timeout");

    private async Task<ExecutionRecord> FinishAsync(ExecutionStatus status, JsonNode? output, string? error)
    {
        var finishedAt = Time.GetUtcNow();
        await _journal.CommitAsync(new ExecutionStatusWritten(_execution.Id, status, output, error, finishedAt))
            .ConfigureAwait(false);
        Log.ExecutionFinished(
            _engine.Logger, _execution.Id, _execution.Workflow, StatusText.ToText(status), (finishedAt - _startedAt).TotalMilliseconds);
        Telemetry.EngineMetrics.ExecutionFinished(_execution.Workflow, StatusText.ToText(status), finishedAt - _startedAt);
        return _execution with
        {
            Status = status,
            Output = output,
            Error = error,
            StartedAt = _startedAt,
            FinishedAt = finishedAt,
        };
    }

    private (ExecutionStatus, JsonNode?, string?) Succeed()
    {
        if (_definition.Output is { } template)
        {
            var result = template.Evaluate(_scope);
            return result.IsError
                ? (ExecutionStatus.Failed, null, $"output: {result.Error}")
                : PayloadMeter.Check("output", result.Value, _engine.Options.MaxPayloadBytes) is { } tooLarge
                    ? (ExecutionStatus.Failed, null, "output: " + tooLarge.Replace("step output", "run output", StringComparison.Ordinal))
                    : (ExecutionStatus.Succeeded, result.Value, null);
        }

        var sinks = new JsonObject();
        for (var node = 0; node < _graph.Count; node++)
        {
            if (_graph.Successors(node).Count == 0 && _state.TryGetOutput(_graph.NodeIds[node], out var value))
            {
                sinks[_graph.NodeIds[node]] = value?.DeepClone();
            }
        }

        return (ExecutionStatus.Succeeded, sinks, null);
    }

    private sealed record NodeFailure(int Node, string Error);
}
