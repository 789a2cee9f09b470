using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Server.Http;
using Stepwise.Server.Json;

namespace Stepwise.Server.Triggers;

/// <summary>The answer a sync webhook's <c>response</c> built: status, headers and body, checked before sending.</summary>
internal sealed class WebhookReply
{
    /// <summary>Headers the server owns: a response may not set them (they would break the HTTP exchange).</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "Trailer", "TE", "X-Request-ID",
    };

    private WebhookReply(int status, IReadOnlyList<(string Name, string Value)> headers, JsonNode? body, bool hasBody)
    {
        Status = status;
        Headers = headers;
        Body = body;
        HasBody = hasBody;
    }

    public int Status { get; }

    public IReadOnlyList<(string Name, string Value)> Headers { get; }

    public JsonNode? Body { get; }

    public bool HasBody { get; }

    /// <summary>The reply, or what is wrong with the evaluated <c>response</c> mapping.</summary>
    public static (WebhookReply? Reply, string? Problem) Build(EvaluationResult result)
    {
        if (result.IsError)
        {
            return (null, $"response: {result.Error}");
        }

        if (result.Value is not JsonObject response)
        {
            return (null, "response must be a mapping of status, headers and body");
        }

        var status = 200;
        if (response["status"] is { } statusNode)
        {
            var shown = statusNode.ToJsonString();
            if (statusNode.GetValueKind() != System.Text.Json.JsonValueKind.Number
                || !double.TryParse(shown, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var code)
                || code != Math.Floor(code))
            {
                return (null, $"response.status must be a whole number from 100 to 599, got {shown}");
            }

            if (code is < 100 or > 599)
            {
                return (null, $"response.status must be from 100 to 599, got {shown}");
            }

            status = (int)code;
        }

        var headers = new List<(string, string)>();
        if (response["headers"] is { } headersNode)
        {
            if (headersNode is not JsonObject map)
            {
                return (null, "response.headers must be a mapping of header names to values");
            }

            foreach (var (name, value) in map)
            {
                if (!IsToken(name) || Reserved.Contains(name))
                {
                    return (null, $"response.headers: '{name}' cannot be set by a workflow");
                }

                var text = value switch
                {
                    null => null,
                    JsonValue scalar when scalar.TryGetValue<string>(out var s) => s,
                    JsonValue scalar => scalar.ToJsonString(),
                    _ => value.ToJsonString(),
                };
                if (text is null)
                {
                    continue;
                }

                if (text.Any(c => c is '\r' or '\n' || char.IsControl(c) && c != '\t'))
                {
                    return (null, $"response.headers.{name}: a header value cannot contain line breaks or control characters");
                }

                headers.Add((name, text));
            }
        }

        return (new WebhookReply(status, headers, response["body"], response.ContainsKey("body")), null);
    }

    public async Task WriteAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.StatusCode = Status;
        foreach (var (name, value) in Headers)
        {
            context.Response.Headers[name] = value;
        }

        if (!HasBody || Status is 204 or 304)
        {
            return;
        }

        var explicitType = context.Response.ContentType;
        if (Body is JsonValue text && text.TryGetValue<string>(out var plain))
        {
            context.Response.ContentType = explicitType ?? "text/plain; charset=utf-8";
            var bytes = Encoding.UTF8.GetBytes(plain);
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
            return;
        }

        context.Response.ContentType = explicitType ?? "application/json; charset=utf-8";
        await JsonResponse.WriteAsync(context.Response, Body, ApiJson.Context.JsonNode, context.RequestAborted);
    }

    private static bool IsToken(string name) =>
        name.Length is > 0 and <= 128 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
