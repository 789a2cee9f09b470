using System.Runtime.InteropServices;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// One log event as its line is being written: filled on the logging thread from the event's state and its scopes, and
/// formatted there at once, so its values are the logged objects themselves, read while the caller still waits (a list
/// changed after the log call returns cannot reach the line). One per thread (<see cref="LogLineBuffer"/>), filled
/// again event after event: no object per line.
/// </summary>
internal sealed class LogLine
{
    /// <summary>A field list grown past this (an event of very many fields) is let go after its line.</summary>
    private const int KeptFields = 256;

    private List<KeyValuePair<string, object?>> _fields = new(16);

    // How many of the fields are the event's own; those after them came from its scopes.
    private int _own;

    /// <summary>When it was logged (UTC, or a local time that lines write in UTC).</summary>
    public DateTime Timestamp { get; private set; }

    public LogLevel Level { get; private set; }

    /// <summary>The <c>[LoggerMessage]</c> EventName (<c>request.end</c>), when the event has one.</summary>
    public string? EventName { get; private set; }

    /// <summary>The logger's category.</summary>
    public string Logger { get; private set; } = string.Empty;

    /// <summary>The message template, for structured events; <see cref="Message"/> otherwise.</summary>
    public LogTemplate? Template { get; private set; }

    /// <summary>The rendered message of an event that had no template (a plain string state).</summary>
    public string? Message { get; private set; }

    public Exception? Exception { get; private set; }

    /// <summary>LOG_ADD_SOURCE=true: the method, file and line that logged the event.</summary>
    public string? Source { get; set; }

    /// <summary>The event's own fields in order, then those of the scopes it was logged in.</summary>
    public ReadOnlySpan<KeyValuePair<string, object?>> Fields => CollectionsMarshal.AsSpan(_fields);

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

    /// <summary>Starts the line of a new event: what every line has, and no message or fields yet.</summary>
    public void Start(DateTime timestamp, LogLevel level, string? eventName, string logger, Exception? exception)
    {
        Clear();
        Timestamp = timestamp;
        Level = level;
        EventName = eventName;
        Logger = logger;
        Exception = exception;
    }

    /// <summary>The message: its template (rendered when the line is formatted), or its text.</summary>
    public void SetMessage(LogTemplate? template, string? message)
    {
        Template = template;
        Message = message;
    }

    /// <summary>A field of the event itself; all of them come before any scope's.</summary>
    public void AddField(string name, object? value)
    {
        _fields.Add(new(name, value));
        _own = _fields.Count;
    }

    /// <summary>
    /// A field of a scope, the outermost scope's first: a field the event has itself keeps the event's value, and an
    /// inner scope's field replaces an outer one's of the same name.
    /// </summary>
    public void PutScopeField(string name, object? value)
    {
        for (var i = 0; i < _fields.Count; i++)
        {
            if (string.Equals(_fields[i].Key, name, StringComparison.Ordinal))
            {
                if (i >= _own)
                {
                    _fields[i] = new(name, value);
                }

                return;
            }
        }

        _fields.Add(new(name, value));
    }

    /// <summary>The value a scope gave the field named <paramref name="name"/>, if one did.</summary>
    public bool TryGetScopeField(string name, out object? value) => TryGetField(name, _own, out value);

    /// <summary>The value of the field named <paramref name="name"/>, the event's own before its scopes'.</summary>
    public bool TryGetField(string name, out object? value) => TryGetField(name, 0, out value);

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

    /// <summary>Lets go of the event's objects (the line may sit unused on an idle thread) and of an outgrown field list.</summary>
    public void Clear()
    {
        if (_fields.Capacity > KeptFields)
        {
            _fields = new(16);
        }
        else
        {
            _fields.Clear();
        }

        _own = 0;
        Template = null;
        Message = null;
        Exception = null;
        Source = null;
        EventName = null;
        Logger = string.Empty;
    }

    private bool TryGetField(string name, int from, out object? value)
    {
        var fields = Fields;
        for (var i = from; i < fields.Length; i++)
        {
            if (string.Equals(fields[i].Key, name, StringComparison.Ordinal))
            {
                value = fields[i].Value;
                return true;
            }
        }

        value = null;
        return false;
    }
}
