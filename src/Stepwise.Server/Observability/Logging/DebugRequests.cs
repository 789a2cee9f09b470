namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// Marks the flow of one request whose caller asked for <c>X-Debug: true</c> with an admin key: every log event
/// on that flow is written at debug level, whatever LOG_LEVEL says.
/// </summary>
internal static class DebugRequests
{
    public const string HeaderName = "X-Debug";

    private static readonly AsyncLocal<bool> Active = new();

    public static bool IsActive => Active.Value;

    public static void Activate() => Active.Value = true;
}
