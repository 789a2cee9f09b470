using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Tls;

/// <summary>Log events of HTTPS and client certificates.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Tls.TlsClientRejected, EventName = "tls.client_rejected", Level = LogLevel.Warning,
        Message = "tls.client_rejected {reason} subject={subject} thumbprint={thumbprint} remote={remote}")]
    public static partial void ClientRejected(ILogger logger, string reason, string? subject, string? thumbprint, string? remote);
}
