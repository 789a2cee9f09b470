using System.Text.Json.Nodes;

namespace Stepwise.Server.Errors;

/// <summary>The errors endpoints return, by status; messages name the thing that is wrong.</summary>
internal static class ApiErrors
{
    public static ErrorResult BadRequest(string message, JsonObject? details = null) =>
        new(StatusCodes.Status400BadRequest, ErrorCodes.BadRequest, message, details);

    public static ErrorResult Forbidden(string message, JsonObject? details = null) =>
        new(StatusCodes.Status403Forbidden, ErrorCodes.Forbidden, message, details);

    public static ErrorResult NotFound(string message, JsonObject? details = null) =>
        new(StatusCodes.Status404NotFound, ErrorCodes.NotFound, message, details);

    public static ErrorResult Conflict(string message, JsonObject? details = null) =>
        new(StatusCodes.Status409Conflict, ErrorCodes.Conflict, message, details);

    public static ErrorResult Validation(string message, JsonObject? details = null) =>
        new(StatusCodes.Status422UnprocessableEntity, ErrorCodes.ValidationError, message, details);

    /// <summary>A 422 listing every problem; the message is the problems joined, so one problem reads as itself.</summary>
    public static ErrorResult Validation(IReadOnlyList<string> problems, JsonObject? details = null)
    {
        details ??= [];
        details["errors"] = new JsonArray([.. problems.Select(p => JsonValue.Create(p))]);
        return Validation(string.Join("; ", problems), details);
    }
}
