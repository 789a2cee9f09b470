using Stepwise.Core.Storage;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// A failure of the machinery under a run rather than of its steps: the database unreachable (a restart), locked past
/// its busy timeout, or in conflict with a concurrent transaction, each a <see cref="StorageBusyException"/>, or unable
/// to keep writes (full, read-only, damaged: <see cref="StorageFaultException"/>, which an operator clears). The
/// engine never ends a run as failed for one: the run stops resumable (what it journaled stays; steps it had not
/// yet recorded as done run again) and its host runs it again once the store answers (issue 21, item 7).
/// </summary>
internal static class InfrastructureFault
{
    public static bool Is(Exception exception) => exception is StorageBusyException or StorageFaultException;
}
