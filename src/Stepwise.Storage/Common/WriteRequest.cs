namespace Stepwise.Storage.Common;

/// <summary>
/// One write waiting for the writer. It is applied inside a batch transaction and told its outcome only after that
/// transaction commits or fails; if its batch fails it may be applied again on its own, so applying must not
/// depend on having been applied before.
/// </summary>
internal abstract class WriteRequest
{
    /// <summary>What the write does, for error messages: <c>Writing step 'a' of execution 'e1'</c>.</summary>
    public abstract string Describe();

    public abstract ValueTask ApplyAsync(WriterSession session, CancellationToken cancellationToken);

    /// <summary>True for journal entries, which the counters track apart from other writes.</summary>
    public abstract bool IsJournalEntry { get; }

    public abstract void Complete();

    public abstract void Fail(Exception exception);
}
