namespace Stepwise.Core.Signals;

/// <summary>What became of a signal sent to a run.</summary>
public enum SignalDeliveryStatus
{
    /// <summary>The wait took the signal; the run was woken.</summary>
    Delivered,

    /// <summary>No run of that id in the organization.</summary>
    ExecutionNotFound,

    /// <summary>The run does not wait (and never waited) for a signal of that name.</summary>
    NotWaiting,

    /// <summary>The wait was answered already (by an earlier signal, or its timeout).</summary>
    AlreadyResolved,

    /// <summary>The run has finished (cancelled, timed out...) while the wait was open; nobody waits any more.</summary>
    ExecutionFinished,
}

/// <summary>The outcome of sending a signal, with the wait as it stands afterwards when there is one.</summary>
public sealed record SignalDelivery(SignalDeliveryStatus Status, SignalWait? Wait);
