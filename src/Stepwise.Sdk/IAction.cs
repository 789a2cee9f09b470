namespace Stepwise.Sdk;

/// <summary>
/// An action a workflow node can run. Built-in actions (transform, log, delay, http, fail, workflow, foreach)
/// implement it the same way plug-ins do.
/// </summary>
public interface IAction : IActionType
{
    /// <summary>
    /// Runs one attempt. Expected failures are returned as <see cref="ActionResult.Failure"/>; exceptions are for
    /// bugs, and are recorded as a failed attempt by the engine. The store's own transient failures (the database
    /// away, locked or in conflict) are not the step's: the run stops resumable and the attempt runs again later.
    /// </summary>
    ValueTask<ActionResult> ExecuteAsync(ActionContext context, CancellationToken cancellationToken = default);
}
