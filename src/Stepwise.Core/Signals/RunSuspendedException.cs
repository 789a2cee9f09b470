using Stepwise.Sdk;

namespace Stepwise.Core.Signals;

/// <summary>
/// Thrown by a step that cannot go on until a signal or its due time: the engine records nothing more for the step
/// (its start is recorded with the due time), lets the rest of the graph run, then parks the run. This is control
/// flow between the step and the engine, never an error a user sees.
/// </summary>
/// <param name="waitName">The signal the step waits for; null when it only waits for time (a child run to finish).</param>
/// <param name="resumeAt">When to look again even without a signal; null for never.</param>
internal sealed class RunSuspendedException(string? waitName, DateTimeOffset? resumeAt)
    : StepwiseException(waitName is null ? "The step waits." : $"The step waits for signal '{waitName}'.")
{
    public string? WaitName { get; } = waitName;

    public DateTimeOffset? ResumeAt { get; } = resumeAt;
}
