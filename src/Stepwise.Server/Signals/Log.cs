using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Signals;

/// <summary>The log events of signals and approval links.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Agents.SignalDelivered, EventName = "signal.delivered", Level = LogLevel.Information,
        Message = "signal.delivered execution_id={ExecutionId} signal={Signal} by={By}")]
    public static partial void SignalDelivered(ILogger logger, string executionId, string signal, string by);

    [LoggerMessage(EventId = LogEventIds.Agents.SignalRefused, EventName = "signal.refused", Level = LogLevel.Information,
        Message = "signal.refused execution_id={ExecutionId} signal={Signal}: {Reason}")]
    public static partial void SignalRefused(ILogger logger, string executionId, string signal, string reason);

    [LoggerMessage(EventId = LogEventIds.Agents.ApprovalLinkRefused, EventName = "approval_link.refused", Level = LogLevel.Warning,
        Message = "approval_link.refused execution_id={ExecutionId} signal={Signal}: the link's signature does not match")]
    public static partial void LinkRefused(ILogger logger, string executionId, string signal);
}
