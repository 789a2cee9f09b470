using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Workspace;

/// <summary>
/// How workspace values become JSON (step results, outputs, child inputs) and back: snake_case like the rest of the
/// API, reflection-based because the types are the user's.
/// </summary>
internal static class WorkspaceJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
    };

    public static JsonNode? ToNode(object? value, Type type) =>
        value is null ? null : value as JsonNode ?? JsonSerializer.SerializeToNode(value, type, Options);

    public static object? FromNode(JsonNode? node, Type type) =>
        node is null ? null : JsonSerializer.Deserialize(node, type, Options);
}
