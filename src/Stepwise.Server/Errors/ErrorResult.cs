using System.Text.Json.Nodes;

namespace Stepwise.Server.Errors;

/// <summary>
/// An error an endpoint returns as a value (unknown workflow, missing parameter, ...): written as the envelope
/// with the request id, and logged as <c>domain.error</c>, <c>validation.error</c> or <c>http.error</c>. The statuses
/// an endpoint answers this way are declared on it (<c>.Produces&lt;ErrorEnvelope&gt;(status)</c>) or added for all
/// by Docs.StandardResponses; this type declares none, so the document lists only answers that happen.
/// </summary>
internal sealed class ErrorResult : IResult, IStatusCodeHttpResult
{
    public ErrorResult(int statusCode, string code, string message, JsonObject? details = null)
    {
        StatusCode = statusCode;
        Code = code;
        Message = message;
        Details = details;
    }

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string Code { get; }

    public string Message { get; }

    public JsonObject? Details { get; }

    public Task ExecuteAsync(HttpContext httpContext) =>
        ErrorWriter.WriteAsync(httpContext, StatusCode, Code, Message, Details, domain: true);
}
