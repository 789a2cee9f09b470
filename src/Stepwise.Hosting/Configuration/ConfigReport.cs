using System.Collections;
using System.Text.RegularExpressions;
using Stepwise.Core.Definitions.Validation;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// What <c>stepwise config validate</c> and <c>config show</c> report: the file read, every problem the server would
/// refuse to start with, warnings (environment variables that look like settings but are not), and each setting's
/// effective value and source, with secrets masked.
/// </summary>
internal sealed partial record ConfigReport(
    string? FilePath,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<EffectiveSetting> Settings)
{
    public const string Masked = "********";

    /// <param name="flags">Values from command-line flags (they win over everything).</param>
    /// <param name="environment">The environment variables to read.</param>
    public static ConfigReport Build(IReadOnlyDictionary<string, string?> flags, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in environment)
        {
            env[(string)entry.Key] = entry.Value as string;
        }

        var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(env);
        manager.AddInMemoryCollection(flags);
        var problems = new List<string>();
        string? filePath = null;
        ConfigFile? file = null;
        try
        {
            filePath = StepwiseConfiguration.FindFile(manager);
        }
        catch (ServerConfigurationException exception)
        {
            problems.Add(exception.Message);
        }

        if (filePath is not null)
        {
            file = ConfigFile.Load(filePath);
            problems.AddRange(file.Problems);
            manager.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource
            {
                InitialData = file.Values.Select(pair => KeyValuePair.Create(pair.Key, (string?)pair.Value)),
            });
        }

        problems.AddRange(ConfigValidator.Validate(manager));
        var settings = SettingsCatalog.All
            .Select(setting => Describe(setting, flags, env, file))
            .ToList();
        return new ConfigReport(filePath, problems, UnknownVariables(env), settings);
    }

    public static string Mask(SettingDefinition setting, string value) =>
        !setting.IsSecret ? value
        : setting.Name == ServerSettings.DatabaseUrlKey ? UrlPassword().Replace(value, "$1" + Masked + "@")
        : Masked;

    private static EffectiveSetting Describe(
        SettingDefinition setting, IReadOnlyDictionary<string, string?> flags, Dictionary<string, string?> env, ConfigFile? file)
    {
        var (value, source) =
            flags.TryGetValue(setting.Name, out var flag) && !string.IsNullOrWhiteSpace(flag) ? (flag, "flag")
            : env.TryGetValue(setting.Name, out var fromEnv) && !string.IsNullOrWhiteSpace(fromEnv) ? (fromEnv, "env")
            : file is not null && file.Values.TryGetValue(setting.Name, out var fromFile) ? (fromFile, "file")
            : (null, "default");
        return new EffectiveSetting(
            setting.Name, value is null ? setting.Default : Mask(setting, value), source, setting.Description);
    }

    /// <summary>STEPWISE_* and LOG_* variables that are not settings: usually a typo that silently does nothing.</summary>
    private static List<string> UnknownVariables(Dictionary<string, string?> env)
    {
        var known = SettingsCatalog.All.Select(setting => setting.Name).ToList();
        return [.. env.Keys
            .Where(name => (name.StartsWith("STEPWISE_", StringComparison.Ordinal) || name.StartsWith("LOG_", StringComparison.Ordinal))
                && !known.Contains(name, StringComparer.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(name => $"environment variable {name} is not a Stepwise setting{Suggestions.Hint(name, known)}")];
    }

    [GeneratedRegex("(://[^:/@]*:)[^@]*@")]
    private static partial Regex UrlPassword();
}
