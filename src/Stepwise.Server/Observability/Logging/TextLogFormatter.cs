using System.Globalization;
using Serilog.Events;
using Serilog.Formatting;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// LOG_FORMAT=text: <c>2024-01-15T10:30:00.123Z info  request.end GET /health 200 in 1.2 ms request_id=...</c>, one
/// line per event (an exception's stack follows on its own lines). The request id is added when the message lacks it.
/// </summary>
internal sealed class TextLogFormatter : ITextFormatter
{
    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        output.Write(logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        output.Write(' ');
        output.Write(LogEventView.LevelName(logEvent.Level).PadRight(5));
        output.Write(' ');
        var message = LogEventView.RenderMessage(logEvent);
        var eventName = LogEventView.EventName(logEvent);
        if (eventName is not null && !message.StartsWith(eventName, StringComparison.Ordinal))
        {
            output.Write(eventName);
            output.Write(": ");
        }

        output.Write(message.ReplaceLineEndings(" "));
        if (logEvent.Properties.TryGetValue("request_id", out var requestId)
            && !message.Contains("request_id=", StringComparison.Ordinal))
        {
            output.Write(" request_id=");
            output.Write(LogEventView.Plain(requestId));
        }

        if (LogEventView.Source(logEvent) is { } source)
        {
            output.Write(" source=");
            output.Write(source);
        }

        output.Write('\n');
        if (logEvent.Exception is { } exception)
        {
            output.Write(exception.ToString());
            output.Write('\n');
        }
    }
}
