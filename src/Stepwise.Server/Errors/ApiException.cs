using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Server.Errors;

/// <summary>
/// A request that cannot be handled, found before an endpoint runs (while reading or binding its body). The one
/// exception handler turns it into the error envelope with its status; it is never logged as a server fault.
/// </summary>
internal sealed class ApiException : StepwiseException
{
    public ApiException(int statusCode, string code, string message, JsonObject? details = null)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code;
        Details = details;
    }

    public ApiException()
        : this(400, ErrorCodes.BadRequest, "Bad request")
    {
    }

    public ApiException(string message)
        : this(400, ErrorCodes.BadRequest, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Code = ErrorCodes.BadRequest;
    }

    public int StatusCode { get; }

    public string Code { get; }

    public JsonObject? Details { get; }
}
