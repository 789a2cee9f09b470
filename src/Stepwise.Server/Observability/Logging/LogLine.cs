namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// One log event as the request's thread captured it, formatted later by the writer's thread: the event's fields in
/// order (its own, then those of the scopes it was logged in), each value a snapshot that later changes to the
/// logged object cannot reach.
/// </summary>
internal sealed class LogLine(
    DateTime timestamp,
    LogLevel level,
    string? eventName,
    string logger,
    LogTemplate? template,
    string? message,
    KeyValuePair<string, object?>[] fields,
    Exception? exception,
    string? source)
{
    /// <summary>When it was logged, in UTC.</summary>
    public DateTime Timestamp { get; } = timestamp;

    public LogLevel Level { get; } = level;

    /// <summary>The <c>[LoggerMessage]</c> EventName (<c>request.end</c>), when the event has one.</summary>
    public string? EventName { get; } = eventName;

    /// <summary>The logger's category.</summary>
    public string Logger { get; } = logger;

    /// <summary>The message template, for structured events; <see cref="Message"/> otherwise.</summary>
    public LogTemplate? Template { get; } = template;

    /// <summary>The rendered message of an event that had no template (a plain string state).</summary>
    public string? Message { get; } = message;

    public KeyValuePair<string, object?>[] Fields { get; } = fields;

    public Exception? Exception { get; } = exception;

    /// <summary>LOG_ADD_SOURCE=true: the method, file and line that logged the event.</summary>
    public string? Source { get; } = source;

    /// <summary>The level as lines show it: <c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>, <c>fatal</c>.</summary>
    public string LevelName => NameOf(Level);

    /// <summary>A level as lines show it.</summary>
    public static string NameOf(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        _ => "fatal",
    };

    /// <summary>The value of the field named <paramref name="name"/>, the event's own before its scopes'.</summary>
    public bool TryGetField(string name, out object? value)
    {
        foreach (var field in Fields)
        {
            if (string.Equals(field.Key, name, StringComparison.Ordinal))
            {
                value = field.Value;
                return true;
            }
        }

        value = null;
        return false;
    }

    /// <summary>Appends the message, with the values of secret fields masked, to <paramref name="builder"/>.</summary>
    public void RenderMessage(System.Text.StringBuilder builder)
    {
        if (Template is { } template)
        {
            template.Render(this, builder);
        }
        else
        {
            builder.Append(Message);
        }
    }
}
