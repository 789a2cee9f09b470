using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Stepwise.Cli.Rendering;

[JsonSerializable(typeof(VersionInfo))]
[JsonSerializable(typeof(IReadOnlyList<FileReport>))]
internal sealed partial class CliJsonContext : JsonSerializerContext
{
    /// <summary>
    /// snake_case, indented, and without escaping quotes or non-ASCII text: messages such as
    /// <c>duplicate node id 'a'</c> stay readable.
    /// </summary>
    public static CliJsonContext Readable { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
