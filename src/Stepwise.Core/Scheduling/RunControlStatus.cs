namespace Stepwise.Core.Scheduling;

/// <summary>
/// How a retry or compensation request went. Only <see cref="Accepted"/> changed the run; the others leave it as it
/// was. The HTTP API maps them to 202/200, 404 <c>NOT_FOUND</c>, 422 <c>VALIDATION_ERROR</c>, 404 and 409
/// <c>CONFLICT</c> in the order listed.
/// </summary>
public enum RunControlStatus
{
    /// <summary>The run went back to running (a retry) or compensating (a compensation request).</summary>
    Accepted,

    /// <summary>No run has the id: <c>Execution 'id' not found</c>.</summary>
    ExecutionNotFound,

    /// <summary>The node a retry should re-run from is not in the run's workflow: <c>Node 'x' not found in workflow 'w'</c>.</summary>
    NodeNotFound,

    /// <summary>The workflow version the run is pinned to is gone, so nothing of it can run.</summary>
    WorkflowNotFound,

    /// <summary>The run's state does not allow the request (still running, already compensated, never started, ...).</summary>
    Conflict,
}
