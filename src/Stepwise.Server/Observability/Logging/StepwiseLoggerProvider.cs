namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// The server's one logging provider. Per event, on the logging thread, it only decides (the category's level from
/// <see cref="LevelRules"/>, lowered to debug on the flow of an <c>X-Debug</c> request: a disabled debug event costs
/// nothing on a hot path) and captures (a <see cref="LogLine"/> of the event's fields and its scopes'); formatting and
/// writing happen on the sink's thread. Scopes are Microsoft.Extensions.Logging's own (ISupportExternalScope).
/// </summary>
internal sealed class StepwiseLoggerProvider(ILogLineSink sink, LevelRules rules, bool addSource, TimeProvider time)
    : ILoggerProvider, ISupportExternalScope
{
    private const string OriginalFormat = "{OriginalFormat}";

    /// <summary>Scopes that are not fields (a plain string) are written under this field, as text.</summary>
    private const string ScopeField = "scope";

    [ThreadStatic]
    private static List<KeyValuePair<string, object?>>? _fields;

    private IExternalScopeProvider? _scopes;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName, rules.For(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => (sink as IDisposable)?.Dispose();

    private void Write<TState>(
        string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        LogLine line;
        try
        {
            line = Capture(category, level, eventId, state, exception, formatter);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            // A logged value whose ToString or enumeration throws: the event is still written, without its fields,
            // and the caller (a request, a run) never sees logging fail.
            line = new LogLine(
                time.GetUtcNow().UtcDateTime, level, eventId.Name, category, null,
                $"the fields of this event could not be read ({failure.GetType().Name}: {failure.Message})", [], exception, null);
        }

        sink.Write(line);
    }

    private LogLine Capture<TState>(
        string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Taken out of its slot while in use: a logged value whose ToString logs on this thread gets a list of its own.
        var fields = _fields ?? new List<KeyValuePair<string, object?>>(16);
        _fields = null;
        fields.Clear();
        LogTemplate? template = null;
        if (state is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            for (var i = 0; i < list.Count; i++)
            {
                var (name, value) = list[i];
                if (name == OriginalFormat)
                {
                    template = value is string format ? LogTemplate.For(format) : null;
                }
                else
                {
                    fields.Add(new(name, LogValues.Snapshot(value)));
                }
            }
        }

        var message = template is null ? formatter(state, exception) : null;
        var own = fields.Count;
        _scopes?.ForEachScope(static (scope, context) => AddScope(scope, context.Fields, context.Own), (Fields: fields, Own: own));
        var line = new LogLine(
            time.GetUtcNow().UtcDateTime, level, eventId.Name, category, template, message, [.. fields], exception,
            addSource ? LogSource.Find() : null);
        if (fields.Capacity <= 256)
        {
            _fields = fields;
        }

        return line;
    }

    /// <summary>
    /// A scope's fields, outermost scope first: a field the event has itself is kept as the event gave it, and an
    /// inner scope's field replaces an outer one's of the same name.
    /// </summary>
    private static void AddScope(object? scope, List<KeyValuePair<string, object?>> fields, int own)
    {
        if (scope is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            // By index: the request's own scopes (FieldScope) and Kestrel's are lists, and an enumerator would be an
            // allocation per scope per line.
            for (var i = 0; i < list.Count; i++)
            {
                var (name, value) = list[i];
                if (name != OriginalFormat)
                {
                    Put(fields, own, name, LogValues.Snapshot(value));
                }
            }
        }
        else if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (name, value) in pairs)
            {
                if (name != OriginalFormat)
                {
                    Put(fields, own, name, LogValues.Snapshot(value));
                }
            }
        }
        else if (scope is not null)
        {
            // Nested plain scopes read outermost first, as Microsoft.Extensions.Logging's console shows them.
            var outer = fields.FindIndex(own, field => field.Key == ScopeField);
            Put(fields, own, ScopeField, outer < 0 ? scope.ToString() : $"{fields[outer].Value} => {scope}");
        }
    }

    private static void Put(List<KeyValuePair<string, object?>> fields, int own, string name, object? value)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (string.Equals(fields[i].Key, name, StringComparison.Ordinal))
            {
                if (i >= own)
                {
                    fields[i] = new(name, value);
                }

                return;
            }
        }

        fields.Add(new(name, value));
    }

    private sealed class Logger(StepwiseLoggerProvider provider, string category, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes?.Push(state);

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None
            && (logLevel >= minimum || (minimum != LogLevel.None && logLevel >= LogLevel.Debug && DebugRequests.IsActive));

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(category, logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
