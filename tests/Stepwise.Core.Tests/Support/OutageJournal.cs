using Stepwise.Core.Storage;

namespace Stepwise.Core.Tests.Support;

/// <summary>
/// The journal through a database that has outages: every entry passes to the store unless a planned outage fails
/// its write first, once, as a restarting database would. Without a planned outage it is the store's journal.
/// </summary>
internal sealed class OutageJournal(IExecutionJournal journal) : IExecutionJournal
{
    private readonly Lock _gate = new();
    private readonly List<(Func<JournalEntry, bool> Matches, Exception Fault)> _outages = [];

    public void FailOnce(Func<JournalEntry, bool> matches, Exception fault)
    {
        lock (_gate)
        {
            _outages.Add((matches, fault));
        }
    }

    public ValueTask AppendAsync(JournalEntry entry, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var index = _outages.FindIndex(o => o.Matches(entry));
            if (index >= 0)
            {
                var fault = _outages[index].Fault;
                _outages.RemoveAt(index);
                return ValueTask.FromException(fault);
            }
        }

        return journal.AppendAsync(entry, cancellationToken);
    }
}
