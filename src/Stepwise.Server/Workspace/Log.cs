using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Workspace;

/// <summary>Log events of the workspace's HTTP side (EventIds 7250-7259).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Workspace.DataProviderFailed, EventName = "data_provider.failed", Level = LogLevel.Warning,
        Message = "Data provider {Provider} failed")]
    public static partial void ProviderFailed(ILogger logger, Exception exception, string provider);
}
