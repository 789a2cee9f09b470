using System.Globalization;
using System.Text;
using Serilog.Events;
using Serilog.Parsing;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// What both line formats take from a Serilog event: the event name (the <c>[LoggerMessage]</c> EventName), the
/// logger, the message with secrets masked, and the remaining fields snake_cased and masked.
/// </summary>
internal static class LogEventView
{
    public const string EventIdProperty = "EventId";
    public const string SourceContextProperty = "SourceContext";
    public const string SourceProperty = "Source";

    public static string LevelName(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => "debug",
        LogEventLevel.Information => "info",
        LogEventLevel.Warning => "warn",
        LogEventLevel.Error => "error",
        _ => "fatal",
    };

    public static string? EventName(LogEvent logEvent)
    {
        if (logEvent.Properties.TryGetValue(EventIdProperty, out var id) && id is StructureValue structure)
        {
            foreach (var property in structure.Properties)
            {
                if (property.Name == "Name" && property.Value is ScalarValue { Value: string name })
                {
                    return name;
                }
            }
        }

        return null;
    }

    public static string? Logger(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue(SourceContextProperty, out var value) && value is ScalarValue { Value: string name }
            ? name
            : null;

    public static string? Source(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue(SourceProperty, out var value) && value is ScalarValue { Value: string source }
            ? source
            : null;

    /// <summary>True for properties the formats write in their own place, not as ordinary fields.</summary>
    public static bool IsInfrastructure(string name) =>
        name is EventIdProperty or SourceContextProperty or SourceProperty or "{OriginalFormat}";

    /// <summary>The message as MEL renders it (strings unquoted), with the values of secret fields masked.</summary>
    public static string RenderMessage(LogEvent logEvent)
    {
        var builder = new StringBuilder();
        RenderMessage(logEvent, builder);
        return builder.ToString();
    }

    /// <summary>Appends the message to <paramref name="builder"/>, for a caller that reuses one.</summary>
    public static void RenderMessage(LogEvent logEvent, StringBuilder builder)
    {
        foreach (var token in logEvent.MessageTemplate.Tokens)
        {
            switch (token)
            {
                case TextToken text:
                    builder.Append(text.Text);
                    break;
                case PropertyToken property:
                    if (LogFieldNames.Describe(property.PropertyName).IsSecret)
                    {
                        builder.Append(LogFieldNames.Redacted);
                    }
                    else if (logEvent.Properties.TryGetValue(property.PropertyName.TrimStart('@', '$'), out var value))
                    {
                        AppendPlain(builder, value, property.Format);
                    }
                    else
                    {
                        builder.Append(property);
                    }

                    break;
            }
        }
    }

    /// <summary><see cref="Plain"/> appended in place: numbers, times and ids are formatted without a string of their own.</summary>
    private static void AppendPlain(StringBuilder builder, LogEventPropertyValue value, string? format)
    {
        if (value is ScalarValue { Value: ISpanFormattable formattable })
        {
            Span<char> formatted = stackalloc char[64];
            if (formattable.TryFormat(formatted, out var written, format, CultureInfo.InvariantCulture))
            {
                builder.Append(formatted[..written]);
                return;
            }
        }

        builder.Append(Plain(value, format));
    }

    public static string Plain(LogEventPropertyValue value, string? format = null) => value switch
    {
        ScalarValue { Value: null } => "null",
        ScalarValue { Value: string text } => text,
        ScalarValue { Value: IFormattable formattable } => formattable.ToString(format, CultureInfo.InvariantCulture),
        ScalarValue scalar => scalar.Value.ToString() ?? string.Empty,
        _ => value.ToString(),
    };
}
