using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Definitions;
using Stepwise.Sdk;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>
/// Reads an action's evaluated inputs. Static types are checked at validation, but <c>any</c>-typed expressions can
/// still produce the wrong kind of value at run time; each reader returns a message naming the input and the value's
/// kind, which the action turns into a non-retryable failure.
/// </summary>
internal static class InputReader
{
    public const string InvalidInputCode = "INVALID_INPUT";

    public static ActionResult Invalid(string error) => ActionResult.Failure(error, InvalidInputCode, retryable: false);

    public static bool TryGetString(
        JsonObject inputs, string name, bool required, out string? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!inputs.TryGetPropertyValue(name, out var node) || node is null)
        {
            error = required ? $"input '{name}' is required" : null;
            return !required;
        }

        if (node is JsonValue json && json.GetValueKind() == JsonValueKind.String)
        {
            value = json.GetValue<string>();
            return true;
        }

        error = $"input '{name}' must be a string, got {KindOf(node)}";
        return false;
    }

    public static bool TryGetInt(
        JsonObject inputs, string name, long fallback, out long value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!inputs.TryGetPropertyValue(name, out var node) || node is null)
        {
            return true;
        }

        if (TryGetInteger(node, out value))
        {
            return true;
        }

        error = $"input '{name}' must be an integer, got {KindOf(node)} {node.ToJsonString()}";
        return false;
    }

    public static bool TryGetBool(
        JsonObject inputs, string name, bool fallback, out bool value, [NotNullWhen(false)] out string? error)
    {
        value = fallback;
        error = null;
        if (!inputs.TryGetPropertyValue(name, out var node) || node is null)
        {
            return true;
        }

        var kind = node.GetValueKind();
        if (kind is JsonValueKind.True or JsonValueKind.False)
        {
            value = kind == JsonValueKind.True;
            return true;
        }

        error = $"input '{name}' must be a bool, got {KindOf(node)}";
        return false;
    }

    public static bool TryGetObject(
        JsonObject inputs, string name, out JsonObject? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!inputs.TryGetPropertyValue(name, out var node) || node is null)
        {
            return true;
        }

        if (node is JsonObject obj)
        {
            value = obj;
            return true;
        }

        error = $"input '{name}' must be an object, got {KindOf(node)}";
        return false;
    }

    public static bool TryGetArray(
        JsonObject inputs, string name, bool required, out JsonArray? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!inputs.TryGetPropertyValue(name, out var node) || node is null)
        {
            error = required ? $"input '{name}' is required" : null;
            return !required;
        }

        if (node is JsonArray array)
        {
            value = array;
            return true;
        }

        error = $"input '{name}' must be an array, got {KindOf(node)}";
        return false;
    }

    /// <summary>A duration given as text (<c>30s</c>, <c>PT30S</c>) or as a number of seconds.</summary>
    public static bool TryGetDuration(
        JsonObject inputs, string name, bool required, out TimeSpan? value, [NotNullWhen(false)] out string? error)
    {
        value = null;
        error = null;
        if (!inputs.TryGetPropertyValue(name, out var node) || node is null)
        {
            error = required ? $"input '{name}' is required" : null;
            return !required;
        }

        if (node is JsonValue json)
        {
            var kind = json.GetValueKind();
            if (kind == JsonValueKind.String && Duration.IsTooLong(json.GetValue<string>()))
            {
                error = Duration.TooLong($"input '{name}'", json.GetValue<string>());
                return false;
            }

            if (kind == JsonValueKind.Number && json.TryGetValue<double>(out var many) && many > Duration.Longest.TotalSeconds)
            {
                error = Duration.TooLong($"input '{name}'", json.ToJsonString());
                return false;
            }

            if (kind == JsonValueKind.String && Duration.TryParse(json.GetValue<string>(), out var parsed))
            {
                value = parsed;
                return true;
            }

            if (kind == JsonValueKind.Number && json.TryGetValue<double>(out var seconds) && seconds >= 0
                && seconds <= TimeSpan.MaxValue.TotalSeconds)
            {
                value = TimeSpan.FromSeconds(seconds);
                return true;
            }
        }

        error = $"input '{name}' must be {Duration.Expected}, got {node.ToJsonString()}";
        return false;
    }

    /// <summary>A whole JSON number, however the producer stored it (int, long, double or raw JSON text).</summary>
    public static bool TryGetInteger(JsonNode? node, out long value)
    {
        value = 0;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (json.TryGetValue(out value))
        {
            return true;
        }

        if (json.TryGetValue<int>(out var small))
        {
            value = small;
            return true;
        }

        var number = json.TryGetValue<double>(out var d) ? d : json.TryGetValue<decimal>(out var m) ? (double)m : double.NaN;
        if (number == Math.Floor(number) && number is >= long.MinValue and <= long.MaxValue)
        {
            value = (long)number;
            return true;
        }

        return false;
    }

    public static string KindOf(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        _ => "null",
    };
}
