using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Server.Http;
using Stepwise.Server.Json;

namespace Stepwise.Server.Errors;

/// <summary>Writes the error envelope; the single place its shape is produced.</summary>
internal static class ErrorWriter
{
    public static async Task WriteAsync(
        HttpContext context, int statusCode, string code, string message, JsonObject? details = null)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Stepwise.Server.Http");
        if (statusCode == StatusCodes.Status422UnprocessableEntity)
        {
            Log.ValidationError(logger, context.Request.Method, RequestPath.ForLog(context), code, message);
        }
        else
        {
            Log.HttpError(logger, context.Request.Method, RequestPath.ForLog(context), statusCode, code, message);
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
        await JsonSerializer.SerializeAsync(
            context.Response.Body, envelope, ApiJson.Context.ErrorEnvelope, context.RequestAborted);
    }
}
