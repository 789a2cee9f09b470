using System.Text.Json.Nodes;
using Stepwise.Server.Http;
using Stepwise.Server.Json;

namespace Stepwise.Server.Errors;

/// <summary>Writes the error envelope; the single place its shape is produced.</summary>
internal static class ErrorWriter
{
    /// <param name="domain">
    /// The error is an outcome of the API's rules (an endpoint's result or exception), logged as
    /// <c>domain.error</c> when it is a 403, 404 or 409; otherwise it is an <c>http.error</c>. A 422 is always a
    /// <c>validation.error</c>.
    /// </param>
    public static async Task WriteAsync(
        HttpContext context, int statusCode, string code, string message, JsonObject? details = null, bool domain = false)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Stepwise.Server.Http");
        var method = context.Request.Method;
        var path = RequestPath.ForLog(context);
        if (statusCode == StatusCodes.Status422UnprocessableEntity)
        {
            Log.ValidationError(logger, method, path, statusCode, code, message);
        }
        else if (domain && statusCode is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound
            or StatusCodes.Status409Conflict)
        {
            Log.DomainError(logger, method, path, statusCode, code, message);
        }
        else
        {
            Log.HttpError(
                logger, statusCode >= 500 ? LogLevel.Warning : LogLevel.Information, method, path, statusCode, code, message);
        }

        if (context.Response.HasStarted)
        {
            return;
        }

        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        RequestIds.Stamp(context);
        var envelope = new ErrorEnvelope(new ErrorBody(code, message, details), context.TraceIdentifier);
        await JsonResponse.WriteAsync(context.Response, envelope, ApiJson.Context.ErrorEnvelope, context.RequestAborted);
    }
}
