namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// The server's one logging provider. Per event, on the logging thread, it decides (the category's level from
/// <see cref="LevelRules"/>, lowered to debug on the flow of an <c>X-Debug</c> request: a disabled debug event costs
/// nothing on a hot path), fills the thread's <see cref="LogLine"/> from the event's fields and its scopes' and formats
/// it there and then into the thread's bytes, which the sink copies (no object per line, nothing formatted later from
/// data another thread made). Writing, which can block, is the sink's, on a thread of its own. Scopes are
/// Microsoft.Extensions.Logging's own (ISupportExternalScope); the current span's ids are read here
/// (<see cref="SpanFields"/>).
/// </summary>
internal sealed class StepwiseLoggerProvider(
    ILogLineSink sink, Func<ILogLineFormatter> newFormatter, LevelRules rules, bool addSource, TimeProvider time)
    : ILoggerProvider, ISupportExternalScope
{
    /// <summary>Scopes that are not fields (a plain string) are written under this field, as text.</summary>
    private const string ScopeField = "scope";

    // This thread's buffer and the provider it formats for (tests run several providers, in different formats, on
    // one thread). Two fields of reference type, which the JIT reads inline, where a tuple went through a helper.
    [ThreadStatic]
    private static LogLineBuffer? _keptBuffer;

    [ThreadStatic]
    private static StepwiseLoggerProvider? _keptFor;

    private IExternalScopeProvider? _scopes;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName, rules.For(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => (sink as IDisposable)?.Dispose();

    private void Write<TState>(
        string category, LogLevel level, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        // Taken out of its slot while in use: a logged value whose ToString logs on this thread gets a buffer of its own.
        var buffer = _keptBuffer is { } kept && ReferenceEquals(_keptFor, this) ? kept : new LogLineBuffer(newFormatter());
        _keptBuffer = null;
        try
        {
            var timestamp = time.GetUtcNow().UtcDateTime;
            ReadOnlySpan<byte> bytes;
            try
            {
                buffer.Line.Start(timestamp, level, eventId.Name, category, exception);
                Capture(buffer.Line, state, exception, formatter);
                bytes = buffer.Format();
            }
            catch (Exception failure) when (failure is not OutOfMemoryException)
            {
                // A logged value whose ToString or enumeration throws, an exception whose text cannot be had: the event
                // is still written, without its fields, and the caller (a request, a run) never sees logging fail.
                bytes = buffer.FormatFailure(timestamp, level, eventId.Name, category, failure);
            }

            sink.Write(bytes);
        }
        finally
        {
            buffer.Clear();
            _keptBuffer = buffer;
            _keptFor = this;
        }
    }

    private void Capture<TState>(LogLine line, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var template = EventState.Read(state, line);
        line.SetMessage(template, template is null ? formatter(state, exception) : null);

        // The span's ids are the outermost scope's fields, where Microsoft.Extensions.Logging's activity tracking put
        // them (LoggingSetup turns that tracking off: it cost objects per span).
        SpanFields.Add(line);
        _scopes?.ForEachScope(static (scope, line) => AddScope(scope, line), line);
        if (addSource)
        {
            line.Source = LogSource.Find();
        }
    }

    /// <summary>
    /// A scope's fields, outermost scope first: a field the event has itself is kept as the event gave it, and an
    /// inner scope's field replaces an outer one's of the same name (<see cref="LogLine.PutScopeField"/>).
    /// </summary>
    private static void AddScope(object? scope, LogLine line)
    {
        if (scope is IReadOnlyList<KeyValuePair<string, object?>> list)
        {
            // By index: the request's own scopes (FieldScope) and Kestrel's are lists, and an enumerator would be an
            // allocation per scope per line.
            for (var i = 0; i < list.Count; i++)
            {
                var (name, value) = list[i];
                if (name != EventState.OriginalFormat)
                {
                    line.PutScopeField(name, LogValues.ReadOnce(value));
                }
            }
        }
        else if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (var (name, value) in pairs)
            {
                if (name != EventState.OriginalFormat)
                {
                    line.PutScopeField(name, LogValues.ReadOnce(value));
                }
            }
        }
        else if (scope is not null)
        {
            // Nested plain scopes read outermost first, as Microsoft.Extensions.Logging's console shows them.
            line.PutScopeField(ScopeField, line.TryGetScopeField(ScopeField, out var outer) ? $"{outer} => {scope}" : scope.ToString());
        }
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
