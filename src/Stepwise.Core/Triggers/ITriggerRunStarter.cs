namespace Stepwise.Core.Triggers;

/// <summary>
/// Starts the runs triggers ask for; the host implements it (validate params, create the execution, hand it to a
/// worker). It is called inline on the trigger's loop until its first await, so it should create the run and return,
/// not wait for the run to finish: a slow run then never delays the next tick. Exceptions are logged, never rethrown.
/// </summary>
public interface ITriggerRunStarter
{
    Task StartRunAsync(TriggeredRun run, CancellationToken cancellationToken);
}
