namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Decides per event whether it is written, in front of the Serilog provider: the category's level from
/// <see cref="LevelRules"/>, lowered to debug on the flow of an <c>X-Debug</c> request. Deciding here, before any
/// message is formatted, keeps disabled debug events free on hot paths.
/// </summary>
internal sealed class LevelGateLoggerProvider(ILoggerProvider inner, LevelRules rules) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) =>
        new GateLogger(inner.CreateLogger(categoryName), rules.For(categoryName));

    public void Dispose() => inner.Dispose();

    private sealed class GateLogger(ILogger inner, LogLevel minimum) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) =>
            logLevel != LogLevel.None
            && (logLevel >= minimum || (minimum != LogLevel.None && logLevel >= LogLevel.Debug && DebugRequests.IsActive));

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
