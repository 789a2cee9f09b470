using System.Text.Json.Nodes;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Http;

/// <summary>A request body that must be one JSON object (application/json, or no content type).</summary>
internal sealed record JsonObjectBody(JsonObject Value)
{
    public static async ValueTask<JsonObjectBody?> BindAsync(HttpContext context)
    {
        var text = await RequestBody.ReadTextAsync(context);
        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !MediaTypes.IsJson(contentType))
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                ExceptionResponses.UnsupportedContentType(context));
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ApiException(
                StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, "The request body is empty: send a JSON object");
        }

        return RequestBody.ParseJson(context, text) is JsonObject value
            ? new JsonObjectBody(value)
            : throw new ApiException(
                StatusCodes.Status422UnprocessableEntity, ErrorCodes.ValidationError, "The request body must be a JSON object");
    }
}
