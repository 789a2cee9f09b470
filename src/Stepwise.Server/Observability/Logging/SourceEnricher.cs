using System.Diagnostics;
using Serilog.Core;
using Serilog.Events;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// LOG_ADD_SOURCE=true: adds <c>source</c>, the method, file and line that logged the event (the caller of the
/// <c>[LoggerMessage]</c> method). It walks the stack of every event, so it is for investigations, not for always.
/// </summary>
internal sealed class SourceEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        ArgumentNullException.ThrowIfNull(logEvent);
        ArgumentNullException.ThrowIfNull(propertyFactory);
        if (Find() is { } source)
        {
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty(LogEventView.SourceProperty, source));
        }
    }

    private static string? Find()
    {
        var frames = new StackTrace(skipFrames: 2, fNeedFileInfo: true).GetFrames();
        foreach (var frame in frames)
        {
            var method = frame.GetMethod();
            var type = method?.DeclaringType;
            if (type is null || IsLoggingMachinery(type))
            {
                continue;
            }

            var name = $"{Outer(type).FullName}.{method!.Name}";
            var file = frame.GetFileName();
            return file is null ? name : $"{name} ({Path.GetFileName(file)}:{frame.GetFileLineNumber()})";
        }

        return null;
    }

    private static bool IsLoggingMachinery(Type type)
    {
        var outer = Outer(type);
        var space = outer.Namespace ?? string.Empty;
        return space.StartsWith("Serilog", StringComparison.Ordinal)
            || space.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal)
            || space.StartsWith("System", StringComparison.Ordinal)
            || outer == typeof(SourceEnricher)
            || outer == typeof(LevelGateLoggerProvider)

            // [LoggerMessage] methods live in the `Log` classes of each area.
            || outer.Name == "Log";
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is { } parent)
        {
            type = parent;
        }

        return type;
    }
}
