using System.Buffers;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// What one logging thread needs to turn an event into its line's bytes: a <see cref="LogLine"/> to fill, a formatter
/// of its own (formatters keep their writers and caches line after line, so one per thread) and the bytes. Reused
/// event after event; a buffer a huge line grew is let go after that line, so a thread keeps little when idle.
/// </summary>
internal sealed class LogLineBuffer(ILogLineFormatter formatter)
{
    /// <summary>A line buffer grown past this (a huge exception or field) is let go after its line.</summary>
    public const int KeptLineBytes = 64 * 1024;

    private const int InitialLineBytes = 1024;

    private ArrayBufferWriter<byte> _bytes = new(InitialLineBytes);

    public LogLine Line { get; } = new();

    /// <summary>How many bytes the buffer holds now, for tests of its bound.</summary>
    public int Capacity => _bytes.Capacity;

    /// <summary>The line's bytes, its newline included; valid until the next call.</summary>
    public ReadOnlySpan<byte> Format()
    {
        _bytes.ResetWrittenCount();
        formatter.Format(Line, _bytes);
        return _bytes.WrittenSpan;
    }

    /// <summary>
    /// The line of an event whose line could not be made (a logged value's text, or its exception's, threw): what it
    /// was, without its fields, so the event is still seen and the code that logged it never sees logging fail.
    /// </summary>
    public ReadOnlySpan<byte> FormatFailure(DateTime timestamp, LogLevel level, string? eventName, string logger, Exception failure)
    {
        Line.Start(timestamp, level, eventName, logger, exception: null);
        Line.SetMessage(null, $"this line could not be formatted ({failure.GetType().Name}: {failure.Message})");
        return Format();
    }

    /// <summary>Done with the line: the event's objects let go, and an outgrown byte buffer with them.</summary>
    public void Clear()
    {
        Line.Clear();
        if (_bytes.Capacity > KeptLineBytes)
        {
            _bytes = new ArrayBufferWriter<byte>(InitialLineBytes);
        }
    }
}
