using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepwise.Core.Definitions;

/// <summary>
/// Whether one value fits one param, and its normalized form. Shared by run inputs, declared defaults and schedule
/// params, so all three accept exactly the same values.
/// </summary>
internal static partial class ParamValueRules
{
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Returns null with the normalized value (a fresh tree), or why the value does not fit.</summary>
    public static string? Check(ParamDefinition param, JsonNode value, out JsonNode? normalized)
    {
        normalized = null;
        var problem = param.Type switch
        {
            ParamType.Int => ToInt(value, out normalized),
            ParamType.Number => ToNumber(value, out normalized),
            ParamType.Bool => ToBool(value, out normalized),
            ParamType.Email => ToText(value, out normalized) ?? (EmailPattern().IsMatch((string)normalized!) ? null : "Invalid email format"),
            ParamType.Date => ToText(value, out normalized) ?? CheckDate((string)normalized!),
            ParamType.DateTime => ToText(value, out normalized) ?? CheckDateTime((string)normalized!),
            ParamType.Select => ToText(value, out normalized) ?? CheckOption(param, (string)normalized!),
            ParamType.Array => value is JsonArray ? Copy(value, out normalized) : $"expected a list, got {JsonText.Describe(value)}",
            ParamType.Object => value is JsonObject ? Copy(value, out normalized) : $"expected an object, got {JsonText.Describe(value)}",
            ParamType.Json => Copy(value, out normalized),
            _ => ToText(value, out normalized),
        };
        if (problem is null && param.Pattern is not null && ParamTypes.IsText(param.Type))
        {
            problem = CheckPattern(param.Pattern, (string)normalized!);
        }

        if (problem is not null)
        {
            normalized = null;
        }

        return problem;
    }

    private static string? ToInt(JsonNode value, out JsonNode? normalized)
    {
        normalized = null;
        var text = NumberText(value);
        if (text is not null && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            normalized = JsonValue.Create(whole);
            return null;
        }

        // 5.0 is an integer written as a float (what JSON encoders do with whole doubles); 5.5 is not.
        if (value.GetValueKind() == JsonValueKind.Number
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            && real == Math.Floor(real) && Math.Abs(real) < 9e15)
        {
            normalized = JsonValue.Create((long)real);
            return null;
        }

        return $"expected an integer, got {JsonText.Describe(value)}";
    }

    private static string? ToNumber(JsonNode value, out JsonNode? normalized)
    {
        normalized = null;
        var text = NumberText(value);
        if (text is not null
            && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var real)
            && double.IsFinite(real))
        {
            normalized = JsonValue.Create(real);
            return null;
        }

        return $"expected a number, got {JsonText.Describe(value)}";
    }

    private static string? ToBool(JsonNode value, out JsonNode? normalized)
    {
        normalized = value.GetValueKind() switch
        {
            JsonValueKind.True => JsonValue.Create(true),
            JsonValueKind.False => JsonValue.Create(false),
            JsonValueKind.String => value.GetValue<string>() switch
            {
                "true" => JsonValue.Create(true),
                "false" => JsonValue.Create(false),
                _ => null,
            },
            _ => null,
        };
        return normalized is null ? $"expected true or false, got {JsonText.Describe(value)}" : null;
    }

    private static string? ToText(JsonNode value, out JsonNode? normalized)
    {
        if (JsonText.TryGetString(value, out var text))
        {
            normalized = JsonValue.Create(text);
            return null;
        }

        normalized = null;
        return $"expected a string, got {JsonText.Describe(value)}";
    }

    private static string? Copy(JsonNode value, out JsonNode? normalized)
    {
        normalized = value.DeepClone();
        return null;
    }

    // JSON numbers, and strings that are plain decimal numbers (forms and query strings send everything as text);
    // hex, thousands separators, spaces and "NaN" are refused rather than guessed at.
    private static string? NumberText(JsonNode value)
    {
        if (value.GetValueKind() == JsonValueKind.Number)
        {
            return value.ToJsonString();
        }

        return JsonText.TryGetString(value, out var text) && NumberPattern().IsMatch(text) ? text : null;
    }

    private static string? CheckDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? null
            : $"expected a date like 2024-01-31, got '{text}'";

    private static string? CheckDateTime(string text) =>
        DateTimePattern().IsMatch(text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _)
            ? null
            : $"expected a date and time like 2024-01-31T09:30:00Z, got '{text}'";

    private static string? CheckOption(ParamDefinition param, string text) =>
        param.Options is null || param.Options.Count == 0 || param.Options.Contains(text, StringComparer.Ordinal)
            ? null
            : $"'{text}' is not one of: {string.Join(", ", param.Options)}";

    private static string? CheckPattern(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, PatternTimeout)
                ? null
                : $"does not match pattern '{pattern}'";
        }
        catch (RegexMatchTimeoutException)
        {
            return $"pattern '{pattern}' took too long to match";
        }
        catch (ArgumentException exception)
        {
            return $"pattern '{pattern}' is not a valid regular expression: {exception.Message}";
        }
    }

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?([Zz]|[+-]\d{2}:?\d{2})?$", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimePattern();
}
