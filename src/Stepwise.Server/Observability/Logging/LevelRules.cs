namespace Stepwise.Server.Observability.Logging;

/// <summary>
/// The lowest level written per logger category: LOG_LEVEL for Stepwise, warnings only for the framework
/// (its start and stop messages excepted), and nothing from the framework's own request logging, which
/// <c>request.start</c> and <c>request.end</c> replace.
/// </summary>
internal sealed class LevelRules(LogLevel configured)
{
    private readonly (string Prefix, LogLevel Level)[] _overrides =
    [
        ("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None),

        // A failed start is reported once, without a stack trace, by StepwiseServer.RunAsync.
        ("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical),
        ("Microsoft.Hosting.Lifetime", Max(configured, LogLevel.Information)),
        ("Microsoft", Max(configured, LogLevel.Warning)),
        ("System.Net.Http.HttpClient", Max(configured, LogLevel.Warning)),
    ];

    public LogLevel Configured => configured;

    public LogLevel For(string category)
    {
        foreach (var (prefix, level) in _overrides)
        {
            if (category.StartsWith(prefix, StringComparison.Ordinal))
            {
                return level;
            }
        }

        return configured;
    }

    private static LogLevel Max(LogLevel a, LogLevel b) => a > b ? a : b;
}
