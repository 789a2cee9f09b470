using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Stepwise.Core.Definitions.Parsing;

/// <summary>
/// Types YAML scalars by the YAML 1.2 core schema: plain <c>true</c>/<c>false</c>/<c>null</c>/<c>~</c>/numbers are
/// typed, everything quoted stays a string (so <c>on</c>, <c>yes</c> and <c>"5"</c> are strings, as in YAML 1.2).
/// </summary>
internal static partial class YamlScalars
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    /// <summary>Resolves a scalar; returns false with a message when it cannot be a JSON value.</summary>
    public static bool TryResolve(string value, bool plain, string? tag, out JsonNode? node, out string? error)
    {
        node = null;
        error = null;
        switch (tag)
        {
            case null:
                return plain ? TryResolvePlain(value, out node, out error) : Text(value, out node);
            case "!":
            case TagPrefix + "str":
                return Text(value, out node);
            case TagPrefix + "null":
                return IsNull(value) || Fail($"'{value}' is not a null value", out error);
            case TagPrefix + "bool":
                return TryBool(value, out node) || Fail($"'{value}' is not a bool", out error);
            case TagPrefix + "int":
                return (IntPattern().IsMatch(value) && TryResolvePlain(value, out node, out error))
                    || Fail($"'{value}' is not an integer", out error);
            case TagPrefix + "float":
                return ((FloatPattern().IsMatch(value) || IntPattern().IsMatch(value) || SpecialFloatPattern().IsMatch(value))
                        && TryResolvePlain(value, out node, out error))
                    || Fail(error ?? $"'{value}' is not a number", out error);
            default:
                return Fail($"unsupported YAML tag '{tag}'", out error);
        }
    }

    private static bool TryResolvePlain(string value, out JsonNode? node, out string? error)
    {
        error = null;
        node = null;
        if (IsNull(value))
        {
            return true;
        }

        if (TryBool(value, out node))
        {
            return true;
        }

        if (IntPattern().IsMatch(value))
        {
            node = Integer(value);
            return true;
        }

        if (value.StartsWith("0o", StringComparison.Ordinal) && OctalPattern().IsMatch(value))
        {
            return TryRadix(value[2..], 8, out node) || Fail($"'{value}' is too large", out error);
        }

        if (value.StartsWith("0x", StringComparison.Ordinal) && HexPattern().IsMatch(value))
        {
            return TryRadix(value[2..], 16, out node) || Fail($"'{value}' is too large", out error);
        }

        if (FloatPattern().IsMatch(value))
        {
            var number = double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsFinite(number))
            {
                node = JsonValue.Create(number);
                return true;
            }

            return Fail($"'{value}' is out of the range of numbers", out error);
        }

        if (SpecialFloatPattern().IsMatch(value))
        {
            return Fail($"'{value}' is not a finite number; JSON values cannot hold it", out error);
        }

        return Text(value, out node);
    }

    private static JsonNode Integer(string value)
    {
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
        {
            return JsonValue.Create(whole);
        }

        return decimal.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big)
            ? JsonValue.Create(big)
            : JsonValue.Create(double.Parse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }

    private static bool TryRadix(string digits, int radix, out JsonNode? node)
    {
        node = null;
        ulong result = 0;
        foreach (var digit in digits)
        {
            var value = (ulong)Convert.ToInt32(digit.ToString(), 16);
            if (result > (long.MaxValue - value) / (ulong)radix)
            {
                return false;
            }

            result = (result * (ulong)radix) + value;
        }

        node = JsonValue.Create((long)result);
        return true;
    }

    private static bool IsNull(string value) => value is "" or "~" or "null" or "Null" or "NULL";

    private static bool TryBool(string value, out JsonNode? node)
    {
        node = value switch
        {
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ => null,
        };
        return node is not null;
    }

    private static bool Text(string value, out JsonNode? node)
    {
        node = JsonValue.Create(value);
        return true;
    }

    private static bool Fail(string message, out string? error)
    {
        error = message;
        return false;
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex OctalPattern();

    [GeneratedRegex(@"^0x[0-9a-fA-F]+$", RegexOptions.CultureInvariant)]
    private static partial Regex HexPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();

    [GeneratedRegex(@"^([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$", RegexOptions.CultureInvariant)]
    private static partial Regex SpecialFloatPattern();
}
