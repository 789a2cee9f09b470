using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// Values as text (<see cref="JsonValues.ToText"/>) within the evaluation's value limit: an array or object is
/// serialized into a buffer that stops at the limit, so an array holding one large text a million times fails
/// after a few megabytes instead of building terabytes.
/// </summary>
internal static class BoundedText
{
    public static bool TryToText(ref EvaluationFrame frame, JsonNode? node, out string text)
    {
        if (node is JsonObject or JsonArray)
        {
            var limit = frame.Limits.MaxValueBytes;
            var buffer = new CappedBuffer(limit);
            try
            {
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JsonValues.CompactOptions.Encoder, SkipValidation = true }))
                {
                    node.WriteTo(writer, JsonValues.CompactOptions);
                }
            }
            catch (CappedBuffer.FullException)
            {
                text = string.Empty;
                frame.Fail(ExpressionBudget.ValueTooLarge(limit));
                return false;
            }

            text = Encoding.UTF8.GetString(buffer.WrittenSpan);
            return frame.Created(text);
        }

        text = JsonValues.ToText(node);
        return frame.FitsValue(text.Length);
    }

    /// <summary>A growing byte buffer that refuses to grow past its cap.</summary>
    private sealed class CappedBuffer(long cap) : IBufferWriter<byte>
    {
        private byte[] _buffer = new byte[256];
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _written);

        public void Advance(int count)
        {
            _written += count;
            if (_written > cap)
            {
                throw new FullException();
            }
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _buffer.AsSpan(_written);
        }

        private void Ensure(int sizeHint)
        {
            var needed = (long)_written + Math.Max(sizeHint, 1);
            if (needed <= _buffer.Length)
            {
                return;
            }

            if (_written > cap)
            {
                throw new FullException();
            }

            var size = Math.Min(Math.Max(needed, (long)_buffer.Length * 2), Math.Max(needed, cap + 1));
            Array.Resize(ref _buffer, (int)Math.Min(size, Array.MaxLength));
        }

        public sealed class FullException : Exception;
    }
}
