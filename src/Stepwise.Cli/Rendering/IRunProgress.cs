using Stepwise.Core.Storage;

namespace Stepwise.Cli.Rendering;

/// <summary>
/// Shows a run's progress while it happens, fed with every journal entry the engine writes. Called from the
/// engine's worker threads, concurrently.
/// </summary>
internal interface IRunProgress
{
    void Report(JournalEntry entry);

    /// <summary>Shows progress until <paramref name="run"/> completes, then leaves the final state on screen.</summary>
    Task<T> ShowWhileAsync<T>(Task<T> run);
}
