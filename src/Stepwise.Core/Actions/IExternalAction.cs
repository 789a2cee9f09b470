namespace Stepwise.Core.Actions;

/// <summary>
/// Marks actions that talk to the outside world (or wait on it): the engine records their start durably, so after a
/// crash the step is known to have been in flight and is run again with the same idempotency key.
/// </summary>
internal interface IExternalAction;
