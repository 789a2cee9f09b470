using System.Text.Encodings.Web;
using System.Text.Json;

namespace Stepwise.Server.Json;

/// <summary>
/// The serializer settings of every API response: the source-generated context, snake_case, and readable text
/// (quotes and non-ASCII letters are not escaped: JSON over HTTP with a charset needs no HTML-safe escaping).
/// </summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    public static ApiJsonContext Context { get; } = new(new JsonSerializerOptions(Options));

    private static JsonSerializerOptions Create() => new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        TypeInfoResolver = ApiJsonContext.Default,
    };
}
