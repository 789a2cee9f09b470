using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

internal sealed partial class ExecutionRunner
{
    /// <summary>
    /// Runs a code workflow by replay: the method runs from the top and its steps return recorded results. A method
    /// that ignores the run's token still ends at the run's timeout or cancel (it is left behind, its results ignored).
    /// A failure runs the compensations the completed steps registered, newest first.
    /// </summary>
    private async Task<(ExecutionStatus, JsonNode?, string?)> RunCodeAsync(ICodeWorkflow code, CancellationToken token)
    {
        var run = new CodeRun(this, token);
        var method = Task.Run(() => code.RunAsync(run), CancellationToken.None);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (token.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), stopped))
        {
            await Task.WhenAny(method, stopped.Task).ConfigureAwait(false);
        }

        if (!method.IsCompleted)
        {
            _ = method.ContinueWith(
                static done => _ = done.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return (ExecutionStatus.Failed, null, "cancelled");
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
            ? await CompensateCodeAsync(run, error, token).ConfigureAwait(false)
            : (ExecutionStatus.Failed, null, error);
    }

    private async Task<(ExecutionStatus, JsonNode?, string?)> CompensateCodeAsync(CodeRun run, string error, CancellationToken token)
    {
        _journal.Append(new ExecutionStatusWritten(_execution.Id, ExecutionStatus.Compensating, null, error, Time.GetUtcNow()));
        var problems = await run.CompensateAsync(token).ConfigureAwait(false);
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
