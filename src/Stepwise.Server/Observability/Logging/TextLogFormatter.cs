using System.Buffers;
using System.Text;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// LOG_FORMAT=text: <c>2024-01-15T10:30:00.123Z info  request.end GET /health 200 in 1.2 ms request_id=...</c>, one
/// line per event (an exception's stack follows on its own lines). The request id is added when the message lacks it.
/// Used by one logging thread (<see cref="LogLineBuffer"/>): its builder is reused line after line.
/// </summary>
internal sealed class TextLogFormatter : ILogLineFormatter
{
    private const int KeptChars = 16 * 1024;

    private StringBuilder _text = new(256);

    public void Format(LogLine line, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        var text = _text;
        text.Clear();
        Span<char> time = stackalloc char[LogValues.TimestampFormat.Length];
        _ = LogValues.TryFormatTime(line.Timestamp, time, out var written);
        text.Append(time[..written]).Append(' ').Append(line.LevelName.PadRight(5)).Append(' ');
        var message = RenderMessage(line);
        if (line.EventName is { } eventName && !message.StartsWith(eventName, StringComparison.Ordinal))
        {
            text.Append(eventName).Append(": ");
        }

        // One event, one line: a message's own line breaks would split it.
        text.Append(message.ReplaceLineEndings(" "));
        if (line.TryGetField("request_id", out var requestId) && !message.Contains("request_id=", StringComparison.Ordinal))
        {
            text.Append(" request_id=");
            LogValues.AppendPlain(text, requestId);
        }

        if (line.Source is { } source)
        {
            text.Append(" source=").Append(source);
        }

        text.Append('\n');
        if (line.Exception is { } exception)
        {
            text.Append(exception).Append('\n');
        }

        var all = text.ToString();
        var bytes = output.GetSpan(Encoding.UTF8.GetMaxByteCount(all.Length));
        output.Advance(Encoding.UTF8.GetBytes(all, bytes));
        if (text.Capacity > KeptChars)
        {
            _text = new StringBuilder(256);
        }
    }

    private static string RenderMessage(LogLine line)
    {
        var message = new StringBuilder();
        line.RenderMessage(message);
        return message.ToString();
    }
}
