namespace Stepwise.Core.Storage;

/// <summary>
/// Changes a host makes to finished runs on request: reopening one for a retry (back to pending, with a fresh start
/// time so its timeout counts from the retry) or for an on-demand compensation (compensating). Both are atomic and
/// succeed only while the run is still finished, so two requests cannot reopen it twice.
/// </summary>
public interface IExecutionControl
{
    /// <summary>
    /// Sets a finished run to <paramref name="status"/> (<see cref="ExecutionStatus.Pending"/> or
    /// <see cref="ExecutionStatus.Compensating"/>); false when it is unknown or not finished.
    /// </summary>
    Task<bool> ReopenAsync(string id, ExecutionStatus status, DateTimeOffset now, CancellationToken cancellationToken = default);
}
