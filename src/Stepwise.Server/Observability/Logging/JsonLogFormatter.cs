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
internal sealed class JsonLogFormatter : ITextFormatter, IUtf8LogFormatter
{
    private const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    /// <summary>Buffers above this size are let go after use rather than kept for the next line.</summary>
    private const int KeptBufferChars = 16 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // The fixed fields' names, encoded once rather than checked for escaping on every line.
    private static readonly JsonEncodedText TimestampName = JsonEncodedText.Encode("timestamp");
    private static readonly JsonEncodedText LevelName = JsonEncodedText.Encode("level");
    private static readonly JsonEncodedText EventName = JsonEncodedText.Encode("event");
    private static readonly JsonEncodedText MessageName = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText LoggerName = JsonEncodedText.Encode("logger");
    private static readonly JsonEncodedText SourceName = JsonEncodedText.Encode("source");
    private static readonly JsonEncodedText ExceptionName = JsonEncodedText.Encode("exception");

    // Per thread, reused line after line: a busy server writes several lines per request, and each used to cost a
    // JSON writer, a message string and the line as a string besides its bytes.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _json;

    [ThreadStatic]
    private static StringBuilder? _message;

    public void Format(LogEvent logEvent, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        var bytes = _buffer ??= new ArrayBufferWriter<byte>(1024);
        bytes.ResetWrittenCount();
        Format(logEvent, bytes);
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(bytes.WrittenCount));
        try
        {
            var count = Encoding.UTF8.GetChars(bytes.WrittenSpan, chars);
            output.Write(chars, 0, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }

        if (bytes.Capacity > 4 * KeptBufferChars)
        {
            _buffer = null;
        }
    }

    public void Format(LogEvent logEvent, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(output);
        var writer = _json;
        if (writer is null)
        {
            writer = _json = new Utf8JsonWriter(output, WriterOptions);
        }
        else
        {
            writer.Reset(output);
        }

        Write(writer, logEvent);
        writer.Flush();

        // Not kept: the next line may go elsewhere.
        writer.Reset(NoOutput.Instance);
        output.Write("\n"u8);
    }

    private static void Write(Utf8JsonWriter writer, LogEvent logEvent)
    {
        writer.WriteStartObject();
        WriteTime(writer, TimestampName, logEvent.Timestamp);
        writer.WriteString(LevelName, LogEventView.LevelName(logEvent.Level));
        writer.WriteString(EventName, LogEventView.EventName(logEvent));
        WriteMessage(writer, logEvent);
        string? errorCode = null;
        string? errorMessage = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (LogEventView.IsInfrastructure(name))
            {
                continue;
            }

            var field = LogFieldNames.Describe(name);
            if (field.Name is "error_code" or "error_message")
            {
                var text = LogEventView.Plain(value);
                _ = field.Name == "error_code" ? errorCode = text : errorMessage = text;
                continue;
            }

            writer.WritePropertyName(field.JsonName);
            if (field.IsSecret)
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
            writer.WriteString(MessageName, errorMessage);
            writer.WriteEndObject();
        }

        if (LogEventView.Logger(logEvent) is { } logger)
        {
            writer.WriteString(LoggerName, logger);
        }

        if (LogEventView.Source(logEvent) is { } source)
        {
            writer.WriteString(SourceName, source);
        }

        if (logEvent.Exception is { } exception)
        {
            writer.WriteString(ExceptionName, exception.ToString());
        }

        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, JsonEncodedText name, DateTimeOffset at)
    {
        Span<char> text = stackalloc char[TimestampFormat.Length];
        _ = at.UtcDateTime.TryFormat(text, out var written, TimestampFormat, CultureInfo.InvariantCulture);
        writer.WriteString(name, text[..written]);
    }

    private static void WriteMessage(Utf8JsonWriter writer, LogEvent logEvent)
    {
        var message = _message ??= new StringBuilder(256);
        message.Clear();
        LogEventView.RenderMessage(logEvent, message);
        if (SingleChunk(message) is { } only)
        {
            writer.WriteString(MessageName, only.Span);
        }
        else
        {
            WriteCopied(writer, message);
        }

        if (message.Capacity > KeptBufferChars)
        {
            _message = null;
        }
    }

    /// <summary>The builder's text when it sits in one block, as a reused builder's usually does.</summary>
    private static ReadOnlyMemory<char>? SingleChunk(StringBuilder builder)
    {
        ReadOnlyMemory<char>? only = null;
        foreach (var chunk in builder.GetChunks())
        {
            if (only is not null)
            {
                return null;
            }

            only = chunk;
        }

        return only ?? ReadOnlyMemory<char>.Empty;
    }

    private static void WriteCopied(Utf8JsonWriter writer, StringBuilder message)
    {
        var chars = ArrayPool<char>.Shared.Rent(message.Length);
        try
        {
            message.CopyTo(0, chars, message.Length);
            writer.WriteString(MessageName, chars.AsSpan(0, message.Length));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
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
                writer.WriteStringValue(at.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture));
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

    /// <summary>Where the reused JSON writer points between lines, so it holds no caller's buffer.</summary>
    private sealed class NoOutput : IBufferWriter<byte>
    {
        public static readonly NoOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("a log line was written after its end");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("a log line was written after its end");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("a log line was written after its end");
    }
}
