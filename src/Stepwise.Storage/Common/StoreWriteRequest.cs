namespace Stepwise.Storage.Common;

/// <summary>
/// A write of the stores (create a run, claim a lease, save a version) that goes through the same single writer
/// as the journal, so SQLite keeps one writer connection and these writes share its group commit.
/// </summary>
internal sealed class StoreWriteRequest<TResult> : WriteRequest
{
    private readonly string _description;
    private readonly Func<WriterSession, CancellationToken, ValueTask<TResult>> _apply;
    private readonly TaskCompletionSource<TResult> _completion =
        new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TResult? _result;

    public StoreWriteRequest(string description, Func<WriterSession, CancellationToken, ValueTask<TResult>> apply)
    {
        _description = description;
        _apply = apply;
    }

    public Task<TResult> Task => _completion.Task;

    public override bool IsJournalEntry => false;

    public override string Describe() => _description;

    public override async ValueTask ApplyAsync(WriterSession session, CancellationToken cancellationToken)
    {
        _result = await _apply(session, cancellationToken).ConfigureAwait(false);
    }

    public override void Complete() => _completion.TrySetResult(_result!);

    public override void Fail(Exception exception) => _completion.TrySetException(exception);
}
