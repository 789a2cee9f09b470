using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Diagnostics;

/// <summary>Log events of the runtime profiles (/debug/profile/*, /debug/threads).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Operations.ProfileTaken, EventName = "profile.taken", Level = LogLevel.Information,
        Message = "Profile {kind} taken in {duration_ms} ms")]
    public static partial void ProfileTaken(ILogger logger, string kind, long duration_ms);
}
