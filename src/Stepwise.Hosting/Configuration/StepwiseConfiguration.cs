using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Memory;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Where settings come from, weakest first: defaults, stepwise.json, environment variables, command-line flags.
/// The file is STEPWISE_CONFIG when set (it must exist), else stepwise.json in the data folder, else in the working
/// folder; none is fine.
/// </summary>
internal static class StepwiseConfiguration
{
    /// <summary>The file to read, or null; throws when STEPWISE_CONFIG names a file that does not exist.</summary>
    public static string? FindFile(IConfiguration configuration)
    {
        var explicitPath = configuration[SettingsCatalog.ConfigFileKey];
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath.Trim());
            return File.Exists(full)
                ? full
                : throw new ServerConfigurationException($"{SettingsCatalog.ConfigFileKey}: file not found: '{full}'.");
        }

        var data = configuration[ServerSettings.DataKey];
        var inData = Path.GetFullPath(Path.Combine(string.IsNullOrWhiteSpace(data) ? "./data" : data.Trim(), ConfigFile.FileName));
        if (File.Exists(inData))
        {
            return inData;
        }

        var inWorkingFolder = Path.GetFullPath(ConfigFile.FileName);
        return File.Exists(inWorkingFolder) ? inWorkingFolder : null;
    }

    /// <summary>
    /// Adds stepwise.json beneath the environment variables, then checks every setting; every problem found is in
    /// the one <see cref="ServerConfigurationException"/> thrown, a line each.
    /// </summary>
    public static void Apply(IConfigurationBuilder builder, IConfiguration current)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var problems = new List<string>();
        if (FindFile(current) is { } path)
        {
            var file = ConfigFile.Load(path);
            problems.AddRange(file.Problems);
            var source = new MemoryConfigurationSource { InitialData = file.Values.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)) };
            var environment = builder.Sources.ToList().FindIndex(existing => existing is EnvironmentVariablesConfigurationSource);
            builder.Sources.Insert(environment < 0 ? 0 : environment, source);
        }

        problems.AddRange(ConfigValidator.Validate(current));

        if (problems.Count > 0)
        {
            throw new ServerConfigurationException(string.Join("\n", problems));
        }
    }
}
