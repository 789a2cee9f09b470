namespace Stepwise.Server.Signals;

/// <summary>The log events of signals and approval links.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7310, EventName = "signal.delivered", Level = LogLevel.Information,
        Message = "signal.delivered execution_id={ExecutionId} signal={Signal} by={By}")]
    public static partial void SignalDelivered(ILogger logger, string executionId, string signal, string by);

    [LoggerMessage(EventId = 7311, EventName = "signal.refused", Level = LogLevel.Information,
        Message = "signal.refused execution_id={ExecutionId} signal={Signal}: {Reason}")]
    public static partial void SignalRefused(ILogger logger, string executionId, string signal, string reason);

    [LoggerMessage(EventId = 7312, EventName = "approval_link.refused", Level = LogLevel.Warning,
        Message = "approval_link.refused execution_id={ExecutionId} signal={Signal}: the link's signature does not match")]
    public static partial void LinkRefused(ILogger logger, string executionId, string signal);
}
