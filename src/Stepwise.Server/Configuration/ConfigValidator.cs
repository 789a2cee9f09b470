using Stepwise.Server.Hosting;
using Stepwise.Server.Observability.Logging;

namespace Stepwise.Server.Configuration;

/// <summary>
/// Checks every setting the server reads, each on its own, so one run reports every bad value at once rather than
/// the first. The checks are the readers the server starts with, so what passes here starts.
/// </summary>
internal static class ConfigValidator
{
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var setting in SettingsCatalog.All.Where(setting => setting.Scope != SettingScope.EnvironmentOnly))
        {
            var value = configuration[setting.Name];
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }

            var alone = new ConfigurationBuilder()
                .AddInMemoryCollection([new KeyValuePair<string, string?>(setting.Name, value)])
                .Build();
            try
            {
                if (setting.Scope == SettingScope.Logging)
                {
                    LogSettings.Read(alone);
                }
                else if (setting.Scope == SettingScope.Tracing)
                {
                    Observability.Tracing.TraceSettings.Read(alone);
                }
                else
                {
                    ServerSettings.Read(alone);
                    Auth.Jwt.JwtOptions.Read(alone);
                }
            }
            catch (ServerConfigurationException exception)
            {
                problems.Add(exception.Message);
            }
        }

        return problems;
    }
}
