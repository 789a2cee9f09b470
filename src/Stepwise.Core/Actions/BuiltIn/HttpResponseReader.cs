using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Actions.BuiltIn;

/// <summary>Reads a response body within a size bound, parsing JSON bodies, and flattens headers.</summary>
internal static class HttpResponseReader
{
    public static async Task<(JsonNode? Value, string? Error)> ReadAsync(
        HttpResponseMessage response, int maxBytes, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return (null, TooLarge(declared, maxBytes));
        }

        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                if (buffer.Length > maxBytes)
                {
                    return (null, TooLarge(buffer.Length, maxBytes));
                }
            }

            if (buffer.Length == 0)
            {
                return (null, null);
            }

            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            if (IsJson(response.Content.Headers.ContentType?.MediaType))
            {
                try
                {
                    return (JsonNode.Parse(bytes), null);
                }
                catch (JsonException)
                {
                    // A server that mislabels its body still gets its text returned, not a failed step.
                }
            }

            var charset = response.Content.Headers.ContentType?.CharSet;
            var encoding = charset is null ? Encoding.UTF8 : EncodingFor(charset);
            return (JsonValue.Create(encoding.GetString(bytes)), null);
        }
    }

    public static JsonObject Headers(HttpResponseMessage response)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }

        return headers;
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static Encoding EncodingFor(string charset)
    {
        try
        {
            return Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return Encoding.UTF8;
        }
    }

    private static string TooLarge(long size, int maxBytes) =>
        $"response body is {PayloadSize.Format(size)}, over the {PayloadSize.Format(maxBytes)} limit";
}
