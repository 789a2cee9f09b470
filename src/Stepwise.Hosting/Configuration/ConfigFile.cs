using System.Globalization;
using System.Text.Json;
using Stepwise.Core.Definitions.Validation;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// stepwise.json: one JSON object whose keys are setting names (as the environment variables are spelled, any case)
/// and whose values are strings, numbers or booleans. Every problem is collected, each naming the file and key.
/// </summary>
internal sealed record ConfigFile(string Path, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Problems)
{
    public const string FileName = "stepwise.json";

    public static ConfigFile Load(string path)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
            });
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line
                ? $" at line {line + 1}, column {(exception.BytePositionInLine ?? 0) + 1}"
                : string.Empty;
            problems.Add($"{path}: not valid JSON{where}: {FirstSentence(exception.Message)}");
            return new ConfigFile(path, values, problems);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            problems.Add($"{path}: cannot be read: {exception.Message}");
            return new ConfigFile(path, values, problems);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"{path}: must be a JSON object of settings, like {{\"LOG_LEVEL\": \"debug\"}}.");
                return new ConfigFile(path, values, problems);
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                Read(path, property, values, problems);
            }
        }

        return new ConfigFile(path, values, problems);
    }

    private static void Read(string path, JsonProperty property, Dictionary<string, string> values, List<string> problems)
    {
        var setting = SettingsCatalog.Find(property.Name);
        if (setting is null)
        {
            problems.Add($"{path}: unknown setting '{property.Name}'" +
                Suggestions.Hint(property.Name, SettingsCatalog.FileSettings.Select(known => known.Name)) +
                (Suggestions.Closest(property.Name, SettingsCatalog.FileSettings.Select(known => known.Name)) is null
                    ? " Run 'stepwise config show' for the settings there are."
                    : string.Empty));
            return;
        }

        if (setting.Scope == SettingScope.EnvironmentOnly)
        {
            problems.Add($"{path}: '{setting.Name}' is read from the environment only; set it there, not in {FileName}.");
            return;
        }

        if (values.ContainsKey(setting.Name))
        {
            problems.Add($"{path}: '{setting.Name}' is set twice.");
            return;
        }

        var value = property.Value;
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                values[setting.Name] = value.GetString()!;
                break;
            case JsonValueKind.Number:
                values[setting.Name] = value.GetRawText();
                break;
            case JsonValueKind.True or JsonValueKind.False:
                values[setting.Name] = value.GetBoolean() ? "true" : "false";
                break;
            default:
                problems.Add(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: '{setting.Name}' must be a string, number or boolean, not {value.ValueKind.ToString().ToLowerInvariant()}."));
                break;
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }
}
