using System.Text.Json.Nodes;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Http;

/// <summary>
/// The params of a new run: the JSON object in the request body (application/json, or no content type); an empty
/// body means no params.
/// </summary>
internal sealed record RunParameters(JsonObject Values)
{
    public static async ValueTask<RunParameters?> BindAsync(HttpContext context)
    {
        var text = await RequestBody.ReadTextAsync(context);
        if (string.IsNullOrWhiteSpace(text))
        {
            return new RunParameters([]);
        }

        var contentType = context.Request.ContentType;
        if (!string.IsNullOrEmpty(contentType) && !MediaTypes.IsJson(contentType))
        {
            throw new ApiException(
                StatusCodes.Status415UnsupportedMediaType,
                ErrorCodes.UnsupportedMediaType,
                ExceptionResponses.UnsupportedContentType(context));
        }

        return RequestBody.ParseJson(context, text) switch
        {
            JsonObject values => new RunParameters(values),
            null => new RunParameters([]),
            var other => throw new ApiException(
                StatusCodes.Status422UnprocessableEntity,
                ErrorCodes.ValidationError,
                $"The request body must be a JSON object of parameters, not {Describe(other)}"),
        };
    }

    private static string Describe(JsonNode node) => node switch
    {
        JsonArray => "an array",
        JsonValue value => value.GetValueKind() switch
        {
            System.Text.Json.JsonValueKind.String => "a string",
            System.Text.Json.JsonValueKind.Number => "a number",
            _ => "a boolean",
        },
        _ => "this value",
    };
}
