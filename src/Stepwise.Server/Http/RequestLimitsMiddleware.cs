using Microsoft.AspNetCore.Http.Features;
using Stepwise.Server.Errors;

namespace Stepwise.Server.Http;

/// <summary>
/// The limits on the request line and headers, answered with the envelope, the request id and a message naming the
/// limit. Kestrel's own limits are set to <see cref="KestrelMargin"/> times these; a request past that margin is
/// rejected by Kestrel before any middleware runs, and Rejections.KestrelRejections gives that answer the envelope
/// (with Kestrel's shorter message, "Request line too long").
/// </summary>
internal sealed class RequestLimitsMiddleware(RequestDelegate next)
{
    /// <summary>The longest request target (path and query) answered, in bytes.</summary>
    public const int MaxRequestTargetBytes = 8 * 1024;

    /// <summary>The most header bytes (names, values and separators) answered.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public const int KestrelMargin = 4;

    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? string.Empty;
        if (target.Length > MaxRequestTargetBytes)
        {
            return ErrorWriter.WriteAsync(
                context, StatusCodes.Status414UriTooLong, ErrorCodes.UriTooLong,
                $"Request target too long: {target.Length} bytes, the limit is {MaxRequestTargetBytes}");
        }

        var headerBytes = 0L;
        foreach (var (name, values) in context.Request.Headers)
        {
            foreach (var value in values)
            {
                headerBytes += name.Length + (value?.Length ?? 0) + 4;
            }
        }

        if (headerBytes > MaxHeaderBytes)
        {
            return ErrorWriter.WriteAsync(
                context, StatusCodes.Status431RequestHeaderFieldsTooLarge, ErrorCodes.HeadersTooLarge,
                $"Request headers too large: {headerBytes} bytes, the limit is {MaxHeaderBytes}");
        }

        return next(context);
    }
}
