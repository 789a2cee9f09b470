using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Serilog.Events;
using Serilog.Formatting;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// One flat JSON object per line: <c>timestamp</c>, <c>level</c>, <c>event</c>, <c>message</c>, then every field
/// of the event and its scopes in snake_case (<c>request_id</c>, <c>execution_id</c>, ...), <c>logger</c>, and for
/// failures <c>exception</c> with the stack. <c>error_code</c> and <c>error_message</c> are written as
/// <c>"error": {"code", "message"}</c>, the shape of the API's error envelope. Secret-looking fields are masked.
/// </summary>
internal sealed class JsonLogFormatter : ITextFormatter
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly HashSet<string> Reserved =
        new(["timestamp", "level", "event", "message", "logger", "source", "exception", "error"], StringComparer.Ordinal);

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        var bytes = _buffer ??= new ArrayBufferWriter<byte>(1024);
        bytes.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(bytes, WriterOptions))
        {
            Write(writer, logEvent);
        }

        output.Write(Encoding.UTF8.GetString(bytes.WrittenSpan));
        output.Write('\n');
        if (bytes.Capacity > 64 * 1024)
        {
            _buffer = null;
        }
    }

    private static void Write(Utf8JsonWriter writer, LogEvent logEvent)
    {
        writer.WriteStartObject();
        writer.WriteString("timestamp", logEvent.Timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        writer.WriteString("level", LogEventView.LevelName(logEvent.Level));
        writer.WriteString("event", LogEventView.EventName(logEvent));
        writer.WriteString("message", LogEventView.RenderMessage(logEvent));
        string? errorCode = null;
        string? errorMessage = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (LogEventView.IsInfrastructure(name))
            {
                continue;
            }

            var field = LogFieldNames.ToSnakeCase(name.TrimStart('@', '$'));
            if (field == "error_code" || field == "error_message")
            {
                var text = LogEventView.Plain(value);
                _ = field == "error_code" ? errorCode = text : errorMessage = text;
                continue;
            }

            writer.WritePropertyName(Reserved.Contains(field) ? "_" + field : field);
            if (LogFieldNames.IsSecret(field))
            {
                writer.WriteStringValue(LogFieldNames.Redacted);
            }
            else
            {
                WriteValue(writer, value);
            }
        }

        if (errorCode is not null || errorMessage is not null)
        {
            writer.WriteStartObject("error");
            writer.WriteString("code", errorCode);
            writer.WriteString("message", errorMessage);
            writer.WriteEndObject();
        }

        if (LogEventView.Logger(logEvent) is { } logger)
        {
            writer.WriteString("logger", logger);
        }

        if (LogEventView.Source(logEvent) is { } source)
        {
            writer.WriteString("source", source);
        }

        if (logEvent.Exception is { } exception)
        {
            writer.WriteString("exception", exception.ToString());
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue scalar:
                WriteScalar(writer, scalar.Value);
                break;
            case SequenceValue sequence:
                writer.WriteStartArray();
                foreach (var element in sequence.Elements)
                {
                    WriteValue(writer, element);
                }

                writer.WriteEndArray();
                break;
            case StructureValue structure:
                writer.WriteStartObject();
                foreach (var property in structure.Properties)
                {
                    var field = LogFieldNames.ToSnakeCase(property.Name);
                    writer.WritePropertyName(field);
                    if (LogFieldNames.IsSecret(field))
                    {
                        writer.WriteStringValue(LogFieldNames.Redacted);
                    }
                    else
                    {
                        WriteValue(writer, property.Value);
                    }
                }

                writer.WriteEndObject();
                break;
            case DictionaryValue dictionary:
                writer.WriteStartObject();
                foreach (var (key, element) in dictionary.Elements)
                {
                    var field = LogEventView.Plain(key);
                    writer.WritePropertyName(field);
                    if (LogFieldNames.IsSecret(LogFieldNames.ToSnakeCase(field)))
                    {
                        writer.WriteStringValue(LogFieldNames.Redacted);
                    }
                    else
                    {
                        WriteValue(writer, element);
                    }
                }

                writer.WriteEndObject();
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    private static void WriteScalar(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case decimal number:
                writer.WriteNumberValue(number);
                break;
            case short or ushort or byte or sbyte or uint:
                writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case ulong number:
                writer.WriteNumberValue(number);
                break;
            case DateTimeOffset at:
                writer.WriteStringValue(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                break;
            case TimeSpan span:
                writer.WriteStringValue(span.ToString("c", CultureInfo.InvariantCulture));
                break;
            case Enum enumeration:
                writer.WriteStringValue(LogFieldNames.ToSnakeCase(enumeration.ToString()));
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }
}
