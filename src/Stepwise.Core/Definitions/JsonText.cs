using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Definitions;

/// <summary>How messages show a value the user wrote: strings quoted, numbers as written, containers by kind.</summary>
internal static class JsonText
{
    private const int MaxShown = 60;

    public static string Describe(JsonNode? value) => value?.GetValueKind() switch
    {
        null or JsonValueKind.Null => "null",
        JsonValueKind.String => $"'{Shorten(value.GetValue<string>())}'",
        JsonValueKind.Array => "a list",
        JsonValueKind.Object => "a mapping",
        _ => Shorten(value.ToJsonString()),
    };

    public static bool TryGetString(JsonNode? value, out string text)
    {
        if (value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String)
        {
            text = scalar.GetValue<string>();
            return true;
        }

        text = string.Empty;
        return false;
    }

    private static string Shorten(string text) => text.Length <= MaxShown ? text : text[..MaxShown] + "...";
}
