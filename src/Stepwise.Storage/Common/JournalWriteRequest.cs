using System.Threading.Tasks.Sources;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Common;

/// <summary>
/// A journal entry waiting for the writer, and the source of the <see cref="ValueTask"/> its appender awaits.
/// Instances are pooled: the appender's await returns the instance to the pool, so a steady stream of appends
/// allocates nothing here.
/// </summary>
internal sealed class JournalWriteRequest : WriteRequest, IValueTaskSource
{
    private readonly JournalRequestPool _pool;

    // Continuations run on the thread pool so an appender's code never runs on (and stalls) the writer loop.
    private ManualResetValueTaskSourceCore<bool> _completion = new() { RunContinuationsAsynchronously = true };

    public JournalWriteRequest(JournalRequestPool pool)
    {
        _pool = pool;
    }

    public JournalEntry? Entry { get; set; }

    public override bool IsJournalEntry => true;

    public ValueTask WhenCommittedAsync() => new(this, _completion.Version);

    public override string Describe() => JournalStatements.Describe(Entry!);

    public override ValueTask ApplyAsync(WriterSession session, CancellationToken cancellationToken) =>
        session.Journal.WriteAsync(Entry!, cancellationToken);

    public override void Complete() => _completion.SetResult(true);

    public override void Fail(Exception exception) => _completion.SetException(exception);

    public void GetResult(short token)
    {
        try
        {
            _completion.GetResult(token);
        }
        finally
        {
            Recycle();
        }
    }

    public ValueTaskSourceStatus GetStatus(short token) => _completion.GetStatus(token);

    public void OnCompleted(
        Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _completion.OnCompleted(continuation, state, token, flags);

    /// <summary>Returns this request to the pool; only for a request whose task was never handed out.</summary>
    public void Recycle()
    {
        Entry = null;
        _completion.Reset();
        _pool.Return(this);
    }
}
