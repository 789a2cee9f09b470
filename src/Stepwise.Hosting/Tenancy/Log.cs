using Stepwise.Core.Telemetry;

namespace Stepwise.Hosting.Tenancy;

/// <summary>Log events of the tenancy bootstrap (ids kept from when the server held them).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.Server.AuthShortAdminKey, EventName = "auth.short_admin_key", Level = LogLevel.Warning,
        Message = "STEPWISE_ADMIN_KEY is only {length} characters; use at least 32 random characters outside development")]
    public static partial void ShortAdminKey(ILogger logger, int length);

    [LoggerMessage(EventId = LogEventIds.Server.AuthDefaultOrg, EventName = "auth.default_org", Level = LogLevel.Information,
        Message = "Organization 'default' created")]
    public static partial void DefaultOrgCreated(ILogger logger);
}
