using System.Globalization;
using System.Text.Json.Nodes;

namespace Stepwise.Cli.Commands;

/// <summary>Values of a server's JSON answers as table cells: "-" for nothing, times in UTC.</summary>
internal static class JsonCells
{
    public static string Text(JsonNode? node) => node switch
    {
        null => "-",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    public static string Time(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text)
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? ServerTable.Time(at)
            : "-";

    public static string Millis(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<double>(out var ms)
            ? ms < 1000 ? $"{ms:0}ms" : $"{ms / 1000:0.0}s"
            : "-";

    public static string List(JsonNode? node) =>
        node is JsonArray items ? string.Join(",", items.Select(Text)) : Text(node);
}
