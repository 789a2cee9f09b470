using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Runs a code workflow by replay: the method runs from the top and its steps return recorded results. A method
    /// that ignores the run's token still ends at the run's timeout or cancel (it is left behind, its results ignored).
    /// A failure runs the compensations the completed steps registered, newest first. The engine's store failing
    /// under one of its operations ends the pass there (the method is left behind) and throws the fault: the run stops
    /// resumable, as a graph run does (issue 21, item 7).
    /// </summary>
    private async Task<(ExecutionStatus, JsonNode?, string?)> RunCodeAsync(ICodeWorkflow code, CancellationToken token)
    {
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(token);
        var run = new CodeRun(this, interrupt);
        var method = Task.Run(() => code.RunAsync(run), CancellationToken.None);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped))
        {
            await Task.WhenAny(method, stopped.Task, run.Interrupted).ConfigureAwait(false);
        }

        if (!method.IsCompleted)
        {
            _ = method.ContinueWith(
                static done => _ = done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            ThrowIfInfrastructureFault();
            return (ExecutionStatus.Failed, null, "cancelled");
        }

        // Whatever the method made of it, a store that failed under the run (its last write, too) stops it resumable.
        ThrowIfInfrastructureFault();
        if (_journal.Fault is { } unrecorded)
        {
            throw unrecorded;
        }

        string? error = null;
        JsonNode? output = null;
        try
        {
            output = await method.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (ExecutionStatus.Failed, null, "cancelled");
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            error = CodeRun.Describe(exception);
        }

        // A changed step sequence wins over whatever the method did after it (it may have caught the exception).
        if (run.Divergence is { } divergence)
        {
            return (ExecutionStatus.Failed, null, divergence);
        }

        // The method stopped at a wait for a signal (even if it caught the suspension): the run parks.
        if (run.Suspensions is { Count: > 0 } suspensions)
        {
            _suspended.AddRange(suspensions);
            return (ExecutionStatus.Running, null, null);
        }

        if (error is null)
        {
            return PayloadMeter.Check("output", output, _engine.Options.MaxPayloadBytes) is { } tooLarge
                ? (ExecutionStatus.Failed, null, tooLarge)
                : (ExecutionStatus.Succeeded, output, null);
        }

        return run.HasCompensations
            ? await CompensateCodeAsync(run, error, interrupt.Token).ConfigureAwait(false)
            : (ExecutionStatus.Failed, null, error);
    }

    private async Task<(ExecutionStatus, JsonNode?, string?)> CompensateCodeAsync(CodeRun run, string error, CancellationToken token)
    {
        _journal.Append(new ExecutionStatusWritten(_execution.Id, ExecutionStatus.Compensating, null, error, Time.GetUtcNow()));
        var compensating = run.CompensateAsync(token);

        // A compensation that calls the workflow's operations stops there for good if the store fails under them.
        await Task.WhenAny(compensating, run.Interrupted).ConfigureAwait(false);
        ThrowIfInfrastructureFault();
        var problems = await compensating.ConfigureAwait(false);
        return problems.Count == 0
            ? (ExecutionStatus.Compensated, null, error)
            : (ExecutionStatus.Failed, null, $"{error}; {string.Join("; ", problems)}");
    }

    /// <summary>The step ids the journal holds in the order the code first asked for them.</summary>
    private List<string> RecordedCodeSequence()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var sequence = new List<string>();
        foreach (var step in _recorded)
        {
            // Superseded rounds count too: a retry of the run does not change the order the code asks for steps in.
            if (!step.StepId.EndsWith(CodeRun.CompensateSuffix, StringComparison.Ordinal) && seen.Add(step.StepId))
            {
                sequence.Add(step.StepId);
            }
        }

        return sequence;
    }
}
