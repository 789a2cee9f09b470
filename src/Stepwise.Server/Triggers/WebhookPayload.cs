using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Stepwise.Server.Errors;
using Stepwise.Server.Http;

namespace Stepwise.Server.Triggers;

/// <summary>
/// A webhook body as the run sees it: <see cref="Body"/> parsed by its content type (any JSON value; form fields
/// as an object, a repeated field as an array; text as a string; null when empty) and <see cref="RawBody"/>, the
/// text exactly as sent. Senders choose their own shapes (GitHub's push, a Slack slash command, a JSON array), so
/// none is refused for its shape; only bytes that cannot be read are (malformed JSON, a body that is not text).
/// </summary>
internal sealed class WebhookPayload
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private WebhookPayload(JsonNode? body, string rawBody)
    {
        Body = body;
        RawBody = rawBody;
    }

    public JsonNode? Body { get; }

    public string RawBody { get; }

    /// <summary>The fields params are filled from: a JSON object or the form's fields; otherwise none.</summary>
    public JsonObject? Fields => Body as JsonObject;

    public static WebhookPayload Read(HttpContext context, ReadOnlySpan<byte> bytes, int maxDepth)
    {
        // Parsed once for every question below: each parse makes a header value and strings, on every webhook.
        var contentType = context.Request.ContentType;
        var parsed = MediaTypeHeaderValue.TryParse(contentType, out var header) ? header : null;
        var mediaType = parsed?.MediaType.Value;
        if (MediaTypes.IsMultipartType(mediaType))
        {
            throw Unsupported($"Unsupported content type '{Short(contentType!)}': webhooks read JSON, form fields (application/x-www-form-urlencoded) or text");
        }

        var encoding = Encoding.UTF8;
        if (parsed is not null && parsed.Charset.HasValue)
        {
            encoding = CharsetEncoding(parsed.Charset.Value!)
                ?? throw Unsupported($"Unsupported charset '{Short(parsed.Charset.Value!)}': send the body as UTF-8");
        }

        if (encoding == Encoding.UTF8 && bytes.StartsWith(Utf8Bom))
        {
            bytes = bytes[Utf8Bom.Length..];
        }

        if (encoding == Encoding.UTF8 && !System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The body is not valid UTF-8 text: webhooks read JSON, form fields or text");
        }

        var raw = encoding.GetString(bytes);
        if (raw.AsSpan().Trim(" \t\r\n").IsEmpty)
        {
            return new WebhookPayload(null, raw);
        }

        if (MediaTypes.IsFormType(mediaType))
        {
            return new WebhookPayload(Form(raw), raw);
        }

        // No content type is read as JSON, as the API does; any other type (text/plain, XML...) is kept as text.
        if (string.IsNullOrEmpty(contentType) || MediaTypes.IsJsonType(mediaType))
        {
            return new WebhookPayload(Json(raw, maxDepth), raw);
        }

        return new WebhookPayload(JsonValue.Create(raw), raw);
    }

    private static JsonObject Form(string raw)
    {
        var fields = new JsonObject();
        foreach (var (name, values) in QueryHelpers.ParseQuery(raw))
        {
            fields[name] = values.Count == 1
                ? JsonValue.Create(values[0])
                : new JsonArray([.. values.Select(value => (JsonNode?)JsonValue.Create(value))]);
        }

        return fields;
    }

    private static JsonNode? Json(string raw, int maxDepth)
    {
        try
        {
            JsonUnicode.Check(raw);
            return JsonNode.Parse(raw, null, new JsonDocumentOptions { MaxDepth = maxDepth, AllowDuplicateProperties = false });
        }
        catch (JsonException error)
        {
            var message = error.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? $"Malformed JSON: nested deeper than {maxDepth} levels"
                : ExceptionResponses.MalformedJson(error);
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message, ExceptionResponses.JsonPosition(error));
        }
    }

    private static Encoding? CharsetEncoding(string charset)
    {
        try
        {
            var found = Encoding.GetEncoding(charset.Trim('"'));
            return found.CodePage == Encoding.UTF8.CodePage ? Encoding.UTF8 : found;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length <= 100 ? text : text[..100] + "...";

    private static ApiException Unsupported(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType, message);
}
