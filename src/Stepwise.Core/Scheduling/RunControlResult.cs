using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// The answer to <see cref="WorkflowEngine.RetryAsync"/> or <see cref="WorkflowEngine.CompensateAsync"/>.
/// When <see cref="Status"/> is <see cref="RunControlStatus.Accepted"/>, <see cref="Execution"/> is the run: in its
/// final state when the caller waited for it, else as the request left it (running or compensating, with no finish
/// time), and <see cref="Error"/> is null. Otherwise nothing changed, <see cref="Execution"/> is the run as it stands
/// (null when it does not exist) and <see cref="Error"/> is a message for the user naming the problem.
/// </summary>
public sealed record RunControlResult(RunControlStatus Status, ExecutionRecord? Execution, string? Error)
{
    public bool IsAccepted => Status == RunControlStatus.Accepted;

    internal static RunControlResult Accepted(ExecutionRecord execution) => new(RunControlStatus.Accepted, execution, null);

    internal static RunControlResult Refused(RunControlStatus status, ExecutionRecord? execution, string error) =>
        new(status, execution, error);
}
