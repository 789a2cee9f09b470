using System.Buffers;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Triggers;

/// <summary>
/// The raw bytes of a webhook request, exactly as sent (the signature covers them), in a pooled buffer that
/// <see cref="Dispose"/> returns. Bodies over the size limit are refused with 413 as every other endpoint does.
/// </summary>
internal sealed class WebhookBody : IDisposable
{
    private byte[] _buffer;

    private WebhookBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async Task<WebhookBody> ReadAsync(HttpContext context, long limit)
    {
        var declared = context.Request.ContentLength;
        if (declared > limit)
        {
            throw TooLarge(context);
        }

        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(declared ?? 4096, 16, Math.Min(limit + 1, 1 << 20)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    return new WebhookBody(buffer, length);
                }

                length += read;
                if (length > limit)
                {
                    throw TooLarge(context);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, []) is { Length: > 0 } rented)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static ApiException TooLarge(HttpContext context) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, ExceptionResponses.BodyTooLarge(context));
}
