using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Stepwise.Server.Errors;
using Stepwise.Server.Json;

namespace Stepwise.Server.Http.Rejections;

/// <summary>
/// The bytes of the envelope response that replaces a bare rejection: the same status, the envelope as the body, the
/// request id header and <c>Connection: close</c> (Kestrel closes the connection after it, as it would have).
/// </summary>
internal static class RejectionResponse
{
    public static byte[] Create(
        int status, string code, string message, string requestId, string? allow, bool headOnly, DateTimeOffset now)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(
            new ErrorEnvelope(new ErrorBody(code, message, Details(allow)), requestId), ApiJson.Context.ErrorEnvelope);

        // requestId passed RequestIds.Choose (letters, digits and ._:-) and allow is Kestrel's own method list, so
        // neither can break the header block.
        var head = new StringBuilder(256)
            .Append(CultureInfo.InvariantCulture, $"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n")
            .Append("Content-Type: application/json; charset=utf-8\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n")
            .Append("Connection: close\r\n")
            .Append("Cache-Control: no-store\r\n")
            .Append(CultureInfo.InvariantCulture, $"Date: {now.UtcDateTime:r}\r\n")
            .Append(CultureInfo.InvariantCulture, $"{RequestIds.HeaderName}: {requestId}\r\n");
        if (allow is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Allow: {allow}\r\n");
        }

        head.Append("\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        return headOnly ? headBytes : [.. headBytes, .. body];
    }

    private static System.Text.Json.Nodes.JsonObject? Details(string? allow) =>
        allow is null
            ? null
            : new() { ["allowed"] = new System.Text.Json.Nodes.JsonArray(
                [.. allow.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                    .Select(m => System.Text.Json.Nodes.JsonValue.Create(m))]) };
}
