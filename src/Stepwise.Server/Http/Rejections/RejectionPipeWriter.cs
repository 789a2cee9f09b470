using System.IO.Pipelines;

namespace Stepwise.Server.Http.Rejections;

/// <summary>
/// The output of one HTTP/1.1 connection, passed through untouched until <see cref="Replace"/> says Kestrel is about
/// to write its bare rejection. From then on what Kestrel writes (the status line and headers of an empty response,
/// the last thing it sends before closing) is dropped, and the envelope response is sent in its place, once.
/// </summary>
/// <remarks>
/// Until then each call costs one field read and a forwarded call: no allocation per request.
/// </remarks>
internal sealed class RejectionPipeWriter(PipeWriter inner) : PipeWriter
{
    private byte[]? _replacement;
    private bool _sent;
    private byte[]? _discard;

    /// <summary>Called by the bad-request event, on the connection's own flow, before Kestrel writes its answer.</summary>
    public void Replace(byte[] response) => Volatile.Write(ref _replacement, response);

    public override bool CanGetUnflushedBytes => _replacement is null && inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes;

    public override Memory<byte> GetMemory(int sizeHint = 0) =>
        _replacement is null ? inner.GetMemory(sizeHint) : Discard(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) =>
        _replacement is null ? inner.GetSpan(sizeHint) : Discard(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (_replacement is null)
        {
            inner.Advance(bytes);
        }
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_replacement is { } replacement)
        {
            SendOnce(replacement);
        }

        return inner.FlushAsync(cancellationToken);
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (_replacement is { } replacement)
        {
            SendOnce(replacement);
            return inner.FlushAsync(cancellationToken);
        }

        return inner.WriteAsync(source, cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        if (exception is null && _replacement is { } replacement)
        {
            SendOnce(replacement);
        }

        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        if (exception is null && _replacement is { } replacement)
        {
            SendOnce(replacement);
        }

        return inner.CompleteAsync(exception);
    }

    private void SendOnce(byte[] replacement)
    {
        if (_sent)
        {
            return;
        }

        _sent = true;
        replacement.CopyTo(inner.GetSpan(replacement.Length));
        inner.Advance(replacement.Length);
    }

    private Memory<byte> Discard(int sizeHint)
    {
        var size = Math.Max(sizeHint, 4096);
        if (_discard is null || _discard.Length < size)
        {
            _discard = new byte[size];
        }

        return _discard;
    }
}
