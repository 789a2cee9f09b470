using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Metadata;

namespace Stepwise.Server.Errors;

/// <summary>
/// An error an endpoint returns as a value (unknown workflow, missing parameter, ...): written as the envelope
/// with the request id, and logged as <c>domain.error</c>, <c>validation.error</c> or <c>http.error</c>.
/// </summary>
internal sealed class ErrorResult : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
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

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status400BadRequest, typeof(ErrorEnvelope), ["application/json"]));
    }

    public Task ExecuteAsync(HttpContext httpContext) =>
        ErrorWriter.WriteAsync(httpContext, StatusCode, Code, Message, Details, domain: true);
}
