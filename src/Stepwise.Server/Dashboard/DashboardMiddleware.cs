using Microsoft.Net.Http.Headers;

namespace Stepwise.Server.Dashboard;

/// <summary>
/// Serves the dashboard at <c>/</c>: a GET or HEAD that no endpoint matched gets one of its built files, or its index
/// page for a client-side route such as <c>/executions/{id}</c>, so a bookmarked page loads. Runs after routing, so
/// every API answer is untouched (a wrong method still gets 405), and paths under the API's prefixes
/// (<see cref="ServerPaths"/>) never fall back to the page: an unknown one still answers the JSON 404 envelope.
/// Hashed assets are cached for a year; the index page is revalidated on every load so a new version shows at once.
/// </summary>
internal sealed class DashboardMiddleware(RequestDelegate next, DashboardFiles files)
{
    private const string IndexPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] ServerPaths =
        ["/api", "/auth", "/health", "/metrics", "/openapi", "/docs", "/debug", "/hooks"];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint() is not null
            || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            || IsServerPath(request.Path.Value ?? "/"))
        {
            return next(context);
        }

        var relative = (request.Path.Value ?? "/").TrimStart('/');
        var file = relative.Length == 0 ? files.Index : files.Find(relative);

        // A missing asset is a 404, not the page: a stale tab asking for an old bundle must not get HTML.
        file ??= relative.StartsWith("assets/", StringComparison.Ordinal) || Path.HasExtension(relative) ? null : files.Index;
        return file is null ? next(context) : WriteAsync(context, file);
    }

    private static bool IsServerPath(string path) => ServerPaths.Any(prefix =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/' || path[prefix.Length] == '.'));

    private static Task WriteAsync(HttpContext context, DashboardFile file)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.CacheControl = file.Immutable ? "public, max-age=31536000, immutable" : "no-cache";
        headers.ETag = file.ETag;
        headers.XContentTypeOptions = "nosniff";
        headers.Vary = HeaderNames.AcceptEncoding;
        if (!file.Immutable)
        {
            headers.ContentSecurityPolicy = IndexPolicy;
            headers["Referrer-Policy"] = "no-referrer";
        }

        if (context.Request.Headers.IfNoneMatch.Contains(file.ETag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        var gzip = file.Gzipped is not null
            && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        var body = gzip ? file.Gzipped! : file.Content;
        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = file.ContentType;
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }
}
