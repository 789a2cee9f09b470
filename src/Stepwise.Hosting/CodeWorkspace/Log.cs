using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.CodeWorkspace;

/// <summary>Log events of the workspace's data providers (EventIds 7250-7259; 7251 is the HTTP side's).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Workspace.DataProviderLog, EventName = "data_provider.log", Level = LogLevel.Information,
        Message = "Data provider {Provider} [{Level}]: {Message}")]
    public static partial void ProviderLine(ILogger logger, string provider, string level, string message);
}
