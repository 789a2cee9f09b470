using System.Text.Json.Nodes;
using Stepwise.Server.Http;

namespace Stepwise.Server.Errors;

/// <summary>
/// Gives the envelope to error responses the framework ends without a body: no route (404), wrong method (405),
/// and any other bare 4xx/5xx (<see cref="StatusCodeBodyMiddleware"/> decides which are bare).
/// </summary>
internal static class StatusCodeResponses
{
    public static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var method = context.Request.Method;
        var path = RequestPath.ForLog(context);
        switch (status)
        {
            case StatusCodes.Status404NotFound:
                return ErrorWriter.WriteAsync(
                    context, status, ErrorCodes.NotFound, $"No route matches {method} {path}",
                    new JsonObject { ["hint"] = "The API lives under /api/v1; see /docs for every endpoint." });
            case StatusCodes.Status405MethodNotAllowed:
                var allowed = context.Response.Headers.Allow.ToString();
                var details = new JsonObject();
                if (allowed.Length > 0)
                {
                    details["allowed"] = new JsonArray(
                        [.. allowed.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                            .Select(m => JsonValue.Create(m))]);
                }

                return ErrorWriter.WriteAsync(
                    context, status, ErrorCodes.MethodNotAllowed,
                    allowed.Length > 0
                        ? $"Method {method} is not allowed on {path}; allowed: {allowed}"
                        : $"Method {method} is not allowed on {path}",
                    details);
            case StatusCodes.Status413PayloadTooLarge:
                return ErrorWriter.WriteAsync(
                    context, status, ErrorCodes.PayloadTooLarge, ExceptionResponses.BodyTooLarge(context));
            case StatusCodes.Status415UnsupportedMediaType:
                return ErrorWriter.WriteAsync(
                    context, status, ErrorCodes.UnsupportedMediaType, ExceptionResponses.UnsupportedContentType(context));
            default:
                return ErrorWriter.WriteAsync(
                    context, status, ErrorCodes.ForStatus(status),
                    status >= 500 ? "Internal server error" : $"The request failed with status {status}");
        }
    }
}
