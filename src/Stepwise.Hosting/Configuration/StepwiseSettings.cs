using System.Collections;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// The one settings resolver of <c>stepwise serve</c>, <c>stepwise config</c> and every CLI verb that opens the
/// store: command-line flags over environment variables over stepwise.json over defaults. A flag is passed in under
/// the name of its environment variable (<c>--data</c> as <c>STEPWISE_DATA</c>), so the two mean the same thing.
/// It is also the only code that reads the process environment.
/// </summary>
internal static class StepwiseSettings
{
    /// <summary>Resolves the settings for a CLI verb; throws <see cref="ServerConfigurationException"/> naming every bad one.</summary>
    public static IConfiguration Resolve(IEnumerable<KeyValuePair<string, string?>>? flags = null)
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables();
        Apply(configuration, flags);
        return configuration;
    }

    /// <summary>
    /// Puts <paramref name="flags"/> above what <paramref name="configuration"/> holds (the server's builder already
    /// has the environment), stepwise.json beneath the environment, then checks every setting.
    /// </summary>
    public static void Apply(ConfigurationManager configuration, IEnumerable<KeyValuePair<string, string?>>? flags)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var given = flags?.ToList() ?? [];
        if (given.Count > 0)
        {
            configuration.AddInMemoryCollection(given);
        }

        StepwiseConfiguration.Apply(configuration, configuration);
    }

    /// <summary>The flag <c>--data DIR</c> as the setting it stands for; nothing when the flag was not given.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> DataFlag(DirectoryInfo? data) =>
        data is null ? [] : [KeyValuePair.Create(ServerSettings.DataKey, (string?)data.FullName)];

    /// <summary>Resolves the node's settings (data folder, database, pool size) for a CLI verb.</summary>
    public static ServerOptions ResolveNode(DirectoryInfo? data) => ServerSettings.Read(Resolve(DataFlag(data)));

    /// <summary>One environment variable, for the settings only the environment holds (STEPWISE_SERVER, STEPWISE_KEY).</summary>
    public static string? Variable(string name) => Environment.GetEnvironmentVariable(name);

    /// <summary>Every environment variable, for <c>stepwise config show</c> to say where each value came from.</summary>
    public static IDictionary Variables() => Environment.GetEnvironmentVariables();
}
