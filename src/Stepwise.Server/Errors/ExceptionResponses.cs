using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics;
using Stepwise.Core.Storage;
using Stepwise.Server.Http;

namespace Stepwise.Server.Errors;

/// <summary>
/// The one exception handler: maps what escaped an endpoint or the framework to the envelope. Request problems keep
/// their 4xx status and a message that names them; anything else is a 500 whose body says only
/// "Internal server error" (the stack goes to the log as <c>unhandled exception</c>, with the request id).
/// </summary>
internal static class ExceptionResponses
{
    public static ExceptionHandlerOptions CreateOptions() => new()
    {
        ExceptionHandler = HandleAsync,

        // The middleware's own error log is for faults; request problems are logged as http.error instead.
        SuppressDiagnosticsCallback = context => IsRequestProblem(context.Exception),
    };

    public static bool IsRequestProblem(Exception exception) =>
        exception is ApiException or BadHttpRequestException or StorageBusyException or StorageFaultException
            or Stepwise.Hosting.Runs.RunNotRecordedException
        || (exception is OperationCanceledException && exception is not TimeoutException);

    public static Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        switch (exception)
        {
            case ApiException api:
                return ErrorWriter.WriteAsync(context, api.StatusCode, api.Code, api.Message, api.Details);
            case BadHttpRequestException bad:
                return WriteBadRequestAsync(context, bad);
            case StorageBusyException:
                context.Response.Headers.RetryAfter = "1";
                return ErrorWriter.WriteAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    ErrorCodes.ServiceUnavailable,
                    "The database is busy; retry the request shortly.");
            case Stepwise.Hosting.Runs.RunNotRecordedException notRecorded:
                // The server stopped (or the store refused) before the run was written: nothing to point the caller at.
                context.Response.Headers.RetryAfter = "1";
                return ErrorWriter.WriteAsync(
                    context, StatusCodes.Status503ServiceUnavailable, ErrorCodes.ServiceUnavailable, notRecorded.Message);
            case StorageFaultException fault:
                // The store logs the fault once per change of state; each request only answers it.
                context.Response.Headers.RetryAfter = "5";
                return ErrorWriter.WriteAsync(
                    context,
                    StatusCodes.Status503ServiceUnavailable,
                    ErrorCodes.ServiceUnavailable,
                    $"The store cannot keep this change: {fault.Reason}. Nothing was saved; retry once it is fixed.");
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                // The client went away; there is nobody to answer.
                return Task.CompletedTask;
            default:
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>()
                    .CreateLogger("Stepwise.Server.Http");
                Log.UnhandledException(
                    logger, context.Request.Method, RequestPath.ForLog(context), context.TraceIdentifier, exception);
                return ErrorWriter.WriteAsync(
                    context,
                    StatusCodes.Status500InternalServerError,
                    ErrorCodes.InternalError,
                    "Internal server error",
                    new JsonObject { ["hint"] = "Quote the request_id when reporting this; the server log has the details." });
        }
    }

    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException bad)
    {
        var status = bad.StatusCode;
        var message = status switch
        {
            StatusCodes.Status413PayloadTooLarge => BodyTooLarge(context),
            StatusCodes.Status415UnsupportedMediaType => UnsupportedContentType(context),
            _ when FindJsonError(bad) is { } json => MalformedJson(json),

            // Kestrel's sentences ("Bad chunk size data.") read as the envelope's other messages, without a full stop.
            _ when IsFramingError(bad) => bad.Message.TrimEnd('.'),
            _ => bad.Message,
        };
        var details = FindJsonError(bad) is { } error ? JsonPosition(error) : null;
        if (IsFramingError(bad))
        {
            // The body cannot be told from the next request (bad chunked encoding, a body cut short): the web server
            // closes the connection after this answer, and says so as it does for the rejections it answers itself.
            context.Response.Headers.Connection = "close";
        }

        return ErrorWriter.WriteAsync(context, status, ErrorCodes.ForStatus(status), message, details);
    }

    /// <summary>
    /// Kestrel's own exception (its obsolete subtype of the one the framework throws for bad JSON or binding) comes
    /// from reading the body off the connection; the framework's from what the body says.
    /// </summary>
    private static bool IsFramingError(BadHttpRequestException bad) =>
#pragma warning disable CS0618 // The type is obsolete for throwing and catching; Kestrel still throws it, which is what is told here.
        bad is Microsoft.AspNetCore.Server.Kestrel.Core.BadHttpRequestException
#pragma warning restore CS0618
        && bad.StatusCode == StatusCodes.Status400BadRequest;

    public static string BodyTooLarge(HttpContext context)
    {
        var limit = context.RequestServices.GetRequiredService<ServerOptions>().MaxRequestBodyBytes;
        return $"Request body too large: the limit is {limit} bytes";
    }

    public static string UnsupportedContentType(HttpContext context)
    {
        var type = context.Request.ContentType;
        return string.IsNullOrEmpty(type)
            ? "Unsupported content type: send the body as application/json"
            : $"Unsupported content type '{Truncate(type)}': send the body as application/json";
    }

    public static string MalformedJson(JsonException error) =>
        error.LineNumber is { } line && error.BytePositionInLine is { } column
            ? $"Malformed JSON at line {line + 1}, column {column + 1}: {FirstSentence(error.Message)}"
            : $"Malformed JSON: {FirstSentence(error.Message)}";

    public static JsonObject? JsonPosition(JsonException error) =>
        error.LineNumber is { } line && error.BytePositionInLine is { } column
            ? new JsonObject { ["line"] = line + 1, ["column"] = column + 1 }
            : null;

    private static JsonException? FindJsonError(Exception exception)
    {
        for (var current = exception.InnerException; current is not null; current = current.InnerException)
        {
            if (current is JsonException json)
            {
                return json;
            }
        }

        return null;
    }

    /// <summary>System.Text.Json appends "Path: $ | LineNumber: 0 | BytePositionInLine: 1."; the position is reported on its own.</summary>
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd();
    }

    private static string Truncate(string text) => text.Length <= 100 ? text : string.Concat(text.AsSpan(0, 100), "...");
}
