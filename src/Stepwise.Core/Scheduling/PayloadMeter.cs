using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Actions;

namespace Stepwise.Core.Scheduling;

/// <summary>
/// Measures a value as UTF-8 JSON without keeping the text: the writer flushes into a counting buffer that reuses
/// one small array per thread.
/// </summary>
internal static class PayloadMeter
{
    [ThreadStatic]
    private static CountingBufferWriter? _buffer;

    // Reused with the buffer: a writer is ~200 bytes, and every step measures its input and its output.
    [ThreadStatic]
    private static Utf8JsonWriter? _writer;

    public static long Measure(JsonNode? value)
    {
        if (value is null)
        {
            return 4;
        }

        var buffer = _buffer ??= new CountingBufferWriter();
        buffer.Reset();
        var writer = _writer ??= new Utf8JsonWriter(buffer);

        // Reset also clears what a write that threw left behind.
        writer.Reset(buffer);
        value.WriteTo(writer);
        writer.Flush();
        return buffer.Count;
    }

    /// <summary>Null when within the limit, else <c>step output is 5.2 MB, over the 4 MB limit</c>.</summary>
    public static string? Check(string what, JsonNode? value, long maxBytes)
    {
        var size = Measure(value);
        return size <= maxBytes
            ? null
            : $"step {what} is {PayloadSize.Format(size)}, over the {PayloadSize.Format(maxBytes)} limit";
    }

    private sealed class CountingBufferWriter : IBufferWriter<byte>
    {
        private byte[] _scratch = new byte[4096];

        public long Count { get; private set; }

        public void Reset() => Count = 0;

        public void Advance(int count) => Count += count;

        public Memory<byte> GetMemory(int sizeHint = 0) => Scratch(sizeHint);

        public Span<byte> GetSpan(int sizeHint = 0) => Scratch(sizeHint);

        private byte[] Scratch(int sizeHint)
        {
            if (sizeHint > _scratch.Length)
            {
                _scratch = new byte[sizeHint];
            }

            return _scratch;
        }
    }
}
