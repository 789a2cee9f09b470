namespace Stepwise.Core.Scheduling;

/// <summary>
/// Marks a storage exception as the engine's own (its store failing under a call the engine made inside a code step,
/// such as starting a child run) so the step's attempt does not take it for the workflow's failure. A storage
/// exception the workflow's code throws itself is not marked and stays the step's failure. See
/// <see cref="InfrastructureFault"/>.
/// </summary>
internal sealed class EngineStoreFault(Exception fault) : Exception(fault.Message, fault);
