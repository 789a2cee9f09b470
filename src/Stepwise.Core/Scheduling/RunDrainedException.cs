namespace Stepwise.Core.Scheduling;

/// <summary>
/// A run stopped between steps because its host is shutting down (<see cref="WorkflowEngine.Drain"/>): nothing was
/// cut, the run stays resumable and its lease is released, so the next start continues with the steps that never
/// began.
/// </summary>
public sealed class RunDrainedException() : OperationCanceledException("The run stopped before its next step: the host is shutting down");
