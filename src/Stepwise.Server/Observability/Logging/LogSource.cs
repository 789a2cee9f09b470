using System.Diagnostics;

namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// LOG_ADD_SOURCE=true: the method, file and line that logged an event (the caller of the <c>[LoggerMessage]</c>
/// method). It walks the stack of every event, so it is for investigations, not for always.
/// </summary>
internal static class LogSource
{
    public static string? Find()
    {
        var frames = new StackTrace(skipFrames: 1, fNeedFileInfo: true).GetFrames();
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
        return space.StartsWith("Microsoft.Extensions.Logging", StringComparison.Ordinal)
            || space.StartsWith("System", StringComparison.Ordinal)
            || outer == typeof(LogSource)
            || outer == typeof(StepwiseLoggerProvider)

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
