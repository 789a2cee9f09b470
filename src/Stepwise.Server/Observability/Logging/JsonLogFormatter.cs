using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// One flat JSON object per line: <c>timestamp</c>, <c>level</c>, <c>event</c>, <c>message</c>, then every field
/// of the event and its scopes in snake_case (<c>request_id</c>, <c>execution_id</c>, ...), <c>logger</c>, and for
/// failures <c>exception</c> with the stack. <c>error_code</c> and <c>error_message</c> are written as
/// <c>"error": {"code", "message"}</c>, the shape of the API's error envelope. Secret-looking fields are masked.
/// Used by one logging thread (<see cref="LogLineBuffer"/>): its JSON writer, message builder and field descriptions are
/// reused line after line.
/// </summary>
internal sealed class JsonLogFormatter : ILogLineFormatter
{
    /// <summary>A message builder grown past this is let go after use rather than kept for the next line.</summary>
    private const int KeptMessageChars = 16 * 1024;

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
    private static readonly JsonEncodedText ErrorName = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText CodeName = JsonEncodedText.Encode("code");

    // The levels' values, encoded once, by LogLevel (Trace to None).
    private static readonly JsonEncodedText[] Levels =
        [.. Enumerable.Range(0, (int)LogLevel.None + 1).Select(level => JsonEncodedText.Encode(LogLine.NameOf((LogLevel)level)))];

    private readonly Utf8JsonWriter _json = new(NoOutput.Instance, WriterOptions);
    private readonly List<LogField> _described = new(16);
    private readonly FieldDescriptions _descriptions = new();
    private StringBuilder _message = new(256);

    public void Format(LogLine line, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(output);
        _json.Reset(output);
        try
        {
            Write(_json, line);
            _json.Flush();
        }
        finally
        {
            // Not kept: the next line may go elsewhere.
            _json.Reset(NoOutput.Instance);
        }

        output.Write("\n"u8);
    }

    private void Write(Utf8JsonWriter writer, LogLine line)
    {
        writer.WriteStartObject();
        Span<char> time = stackalloc char[LogValues.TimestampFormat.Length];
        _ = LogValues.TryFormatTime(line.Timestamp, time, out var written);
        writer.WriteString(TimestampName, time[..written]);
        writer.WriteString(LevelName, (uint)line.Level < (uint)Levels.Length ? Levels[(int)line.Level] : Levels[^1]);
        writer.WriteString(EventName, line.EventName);
        WriteMessage(writer, line);
        string? errorCode = null;
        string? errorMessage = null;
        var fields = line.Fields;
        var described = _described;
        described.Clear();
        for (var i = 0; i < fields.Length; i++)
        {
            var value = fields[i].Value;
            var field = _descriptions.Describe(fields[i].Key);
            described.Add(field);
            if (IsWrittenBefore(described, field))
            {
                continue;
            }

            if (field.Name is "error_code" or "error_message")
            {
                var text = LogValues.Plain(value);
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
                LogValues.WriteJson(writer, value);
            }
        }

        if (errorCode is not null || errorMessage is not null)
        {
            writer.WriteStartObject(ErrorName);
            writer.WriteString(CodeName, errorCode);
            writer.WriteString(MessageName, errorMessage);
            writer.WriteEndObject();
        }

        writer.WriteString(LoggerName, line.Logger);
        if (line.Source is { } source)
        {
            writer.WriteString(SourceName, source);
        }

        if (line.Exception is { } exception)
        {
            writer.WriteString(ExceptionName, exception.ToString());
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// Whether an earlier field of the line has the same snake_case name (<c>Workflow</c> of the event, <c>workflow</c>
    /// of a scope): the first is written, as a JSON object has each name once.
    /// </summary>
    private static bool IsWrittenBefore(List<LogField> described, LogField field)
    {
        for (var i = 0; i < described.Count - 1; i++)
        {
            if (string.Equals(described[i].Name, field.Name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private void WriteMessage(Utf8JsonWriter writer, LogLine line)
    {
        if (line.Template is null)
        {
            writer.WriteString(MessageName, line.Message);
            return;
        }

        var message = _message;
        message.Clear();
        line.RenderMessage(message);
        if (SingleChunk(message) is { } only)
        {
            writer.WriteString(MessageName, only.Span);
        }
        else
        {
            WriteCopied(writer, message);
        }

        if (message.Capacity > KeptMessageChars)
        {
            _message = new StringBuilder(256);
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

    /// <summary>Where the reused JSON writer points between lines, so it holds no caller's buffer.</summary>
    private sealed class NoOutput : IBufferWriter<byte>
    {
        public static readonly NoOutput Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("a log line was written after its end");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("a log line was written after its end");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("a log line was written after its end");
    }
}
