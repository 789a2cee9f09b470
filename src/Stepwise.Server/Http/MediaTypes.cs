using Microsoft.Net.Http.Headers;

namespace Stepwise.Server.Http;

/// <summary>The content types request bodies may have.</summary>
internal static class MediaTypes
{
    public static bool IsJson(string? contentType) => IsJsonType(Parse(contentType));

    /// <summary><see cref="IsJson"/> of a media type already parsed out of its content type (<see cref="Parse"/>).</summary>
    public static bool IsJsonType(string? mediaType) =>
        mediaType is { } type
        && (type.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || type.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    public static bool IsYaml(string? contentType) =>
        Parse(contentType) is { } type
        && (type.Equals("application/yaml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("application/x-yaml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/yaml", StringComparison.OrdinalIgnoreCase)
            || type.Equals("text/x-yaml", StringComparison.OrdinalIgnoreCase));

    public static bool IsPlainText(string? contentType) =>
        Parse(contentType) is { } type && type.Equals("text/plain", StringComparison.OrdinalIgnoreCase);

    public static bool IsForm(string? contentType) => IsFormType(Parse(contentType));

    /// <summary><see cref="IsForm"/> of a media type already parsed out of its content type.</summary>
    public static bool IsFormType(string? mediaType) =>
        mediaType is { } type && type.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    public static bool IsMultipart(string? contentType) => IsMultipartType(Parse(contentType));

    /// <summary><see cref="IsMultipart"/> of a media type already parsed out of its content type.</summary>
    public static bool IsMultipartType(string? mediaType) =>
        mediaType is { } type && type.StartsWith("multipart/", StringComparison.OrdinalIgnoreCase);

    private static string? Parse(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed.MediaType.Value : null;
}
