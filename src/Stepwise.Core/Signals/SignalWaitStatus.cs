namespace Stepwise.Core.Signals;

/// <summary>Where a wait for a signal stands: still waiting, answered by a signal, or ended by its timeout.</summary>
public enum SignalWaitStatus
{
    Waiting,
    Received,
    TimedOut,
}
