using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Server.Errors;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Http;

/// <summary>
/// Reads request bodies within the size limit, as strict UTF-8, and parses JSON within the depth limit, turning
/// every problem into a 4xx that says what is wrong.
/// </summary>
internal static class RequestBody
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static async Task<string> ReadTextAsync(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<ServerOptions>().MaxRequestBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            throw TooLarge(context);
        }

        var buffer = new ArrayBufferWriter<byte>(4096);
        var stream = context.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(8192);
            var read = await stream.ReadAsync(memory, context.RequestAborted);
            if (read == 0)
            {
                break;
            }

            buffer.Advance(read);
            if (buffer.WrittenCount > limit)
            {
                throw TooLarge(context);
            }
        }

        var bytes = buffer.WrittenSpan;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request body is not valid UTF-8 text");
        }
    }

    /// <summary>Parses JSON text; null for the JSON literal <c>null</c>.</summary>
    public static JsonNode? ParseJson(HttpContext context, string text)
    {
        var depth = context.RequestServices.GetRequiredService<ServerOptions>().MaxJsonDepth;
        try
        {
            JsonUnicode.Check(text);
            return JsonNode.Parse(
                text,
                nodeOptions: null,
                new JsonDocumentOptions { MaxDepth = depth, AllowDuplicateProperties = false });
        }
        catch (JsonException error)
        {
            var message = error.Message.Contains("maximum configured depth", StringComparison.Ordinal)
                ? $"Malformed JSON: nested deeper than {depth} levels"
                : ExceptionResponses.MalformedJson(error);
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message, ExceptionResponses.JsonPosition(error));
        }
    }

    private static ApiException TooLarge(HttpContext context) =>
        new(StatusCodes.Status413PayloadTooLarge, ErrorCodes.PayloadTooLarge, ExceptionResponses.BodyTooLarge(context));
}
