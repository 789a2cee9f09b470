namespace Stepwise.Server.Errors;

/// <summary>The <c>error.code</c> values of the envelope; docs/api.md lists them with their statuses.</summary>
internal static class ErrorCodes
{
    public const string BadRequest = "BAD_REQUEST";
    public const string Unauthorized = "UNAUTHORIZED";
    public const string Forbidden = "FORBIDDEN";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string Conflict = "CONFLICT";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string ValidationError = "VALIDATION_ERROR";
    public const string RateLimited = "RATE_LIMITED";
    public const string UriTooLong = "URI_TOO_LONG";
    public const string HeadersTooLarge = "HEADERS_TOO_LARGE";
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string LengthRequired = "LENGTH_REQUIRED";
    public const string HttpVersionNotSupported = "HTTP_VERSION_NOT_SUPPORTED";
    public const string InternalError = "INTERNAL_ERROR";

    /// <summary>A sync webhook's run failed (the workflow's outcome, not a fault of the server).</summary>
    public const string ExecutionFailed = "EXECUTION_FAILED";

    /// <summary>A sync webhook's run went past its timeout.</summary>
    public const string ExecutionTimedOut = "EXECUTION_TIMED_OUT";
    /// <summary>A forced OAuth refresh was refused by the provider's token endpoint (or it could not be reached).</summary>
    public const string OAuthRefreshFailed = "OAUTH_REFRESH_FAILED";

    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    /// <summary>The code for a status when nothing more specific is known.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => BadRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        408 => RequestTimeout,
        409 => Conflict,
        411 => LengthRequired,
        413 => PayloadTooLarge,
        414 => UriTooLong,
        415 => UnsupportedMediaType,
        422 => ValidationError,
        429 => RateLimited,
        431 => HeadersTooLarge,
        503 => ServiceUnavailable,
        505 => HttpVersionNotSupported,
        >= 500 => InternalError,
        _ => BadRequest,
    };
}
