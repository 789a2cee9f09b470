namespace Stepwise.Storage.Common;

/// <summary>
/// A write of the stores (create a run, claim a lease, save a version) that goes through the same single writer
/// as the journal, so SQLite keeps one writer connection and these writes share its group commit.
/// </summary>
internal sealed class StoreWriteRequest<TResult> : WriteRequest
{
    private readonly string description;
    private readonly Func<WriterSession, CancellationToken, ValueTask<TResult>> apply;
    private readonly TaskCompletionSource<TResult> completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TResult? result;

    public StoreWriteRequest(string description, Func<WriterSession, CancellationToken, ValueTask<TResult>> apply)
    {
        this.description = description;
        this.apply = apply;
    }

    public Task<TResult> Task => completion.Task;

    public override bool IsJournalEntry => false;

    public override string Describe() => description;

    public override async ValueTask ApplyAsync(WriterSession session, CancellationToken cancellationToken)
    {
        result = await apply(session, cancellationToken).ConfigureAwait(false);
    }

    public override void Complete() => completion.TrySetResult(result!);

    public override void Fail(Exception exception) => completion.TrySetException(exception);
}
