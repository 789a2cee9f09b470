using System.Collections.Concurrent;
using Stepwise.Core.Storage;

namespace Stepwise.Cli.Rendering;

/// <summary>
/// Passes every journal entry to the store and shows the ones of the watched runs as progress: the engine's own
/// record of what happens is what the user sees. Runs started by the watched ones (sub-workflows) are not shown;
/// their parent's step stands for them.
/// </summary>
internal sealed class ProgressJournal(IExecutionJournal inner, IRunProgress progress) : IExecutionJournal
{
    private readonly ConcurrentDictionary<string, byte> _watched = new(StringComparer.Ordinal);

    public IRunProgress Progress => progress;

    public void Watch(string executionId) => _watched.TryAdd(executionId, 0);

    public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        if (_watched.ContainsKey(entry.ExecutionId))
        {
            progress.Report(entry);
        }

        return inner.AppendAsync(entry, cancellationToken);
    }
}
