using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Stepwise.Cli.Rendering;

/// <summary>Writes the JSON the CLI prints: indented, snake_case, and readable (no escaping of quotes or non-ASCII).</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions NodeOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void Write<T>(TextWriter writer, T value, JsonTypeInfo<T> typeInfo) =>
        writer.WriteLine(JsonSerializer.Serialize(value, typeInfo));

    public static void Write(TextWriter writer, JsonNode? value) =>
        writer.WriteLine(Format(value));

    public static string Format(JsonNode? value) => value is null ? "null" : value.ToJsonString(NodeOptions);
}
