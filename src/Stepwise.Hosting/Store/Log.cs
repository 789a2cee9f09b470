using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Store;

/// <summary>Log events of opening the store (ids kept from when the server held them).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Server.ServerStorage, EventName = "server.storage", Level = LogLevel.Information,
        Message = "Store opened at {location} (schema version {version})")]
    public static partial void StorageOpened(ILogger logger, string location, int version);
}
