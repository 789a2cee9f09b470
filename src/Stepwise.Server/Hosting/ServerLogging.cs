using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Hosting;

/// <summary>Logging of the server: see <see cref="LogSettings"/> for the settings and docs/operations.md for the lines.</summary>
internal static class ServerLogging
{
    public static void Configure(ILoggingBuilder logging, IConfiguration configuration) =>
        LoggingSetup.Configure(logging, LogSettings.Read(configuration));
}
