using Microsoft.Net.Http.Headers;

namespace Stepwise.Server.Dashboard;

/// <summary>
/// Serves the dashboard at <c>/</c>: its built files, and its index page for any other GET path that is not the
/// API's, so a bookmarked client route such as <c>/executions/{id}</c> loads. API paths (<see cref="ServerPaths"/>)
/// never fall back to the page: an unknown one still answers the JSON 404 envelope. Hashed assets are cached for a
/// year; the index page is revalidated on every load so a new server version is picked up at once.
/// </summary>
internal static class DashboardEndpoints
{
    private const string IndexPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private static readonly string[] ServerPaths =
        ["/api", "/auth", "/health", "/metrics", "/openapi", "/docs", "/debug", "/hooks"];

    public static IEndpointRouteBuilder MapDashboard(IEndpointRouteBuilder routes)
    {
        // A fallback without an HTTP method filter, so a POST to an unknown path stays a 404 rather than a 405.
        routes.MapFallback("/{**path}", Serve).ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext context, DashboardFiles files)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (!(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) || IsServerPath(path))
        {
            // Empty: the status code pages write the error envelope, as for any unknown route.
            return TypedResults.StatusCode(StatusCodes.Status404NotFound);
        }

        var relative = path.TrimStart('/');
        var file = relative.Length == 0 ? files.Index : files.Find(relative);
        if (file is null)
        {
            // A missing asset is a 404, not the page: a stale tab asking for an old bundle must not get HTML.
            var looksLikeFile = relative.StartsWith("assets/", StringComparison.Ordinal) || Path.HasExtension(relative);
            file = looksLikeFile ? null : files.Index;
        }

        return file is null ? TypedResults.StatusCode(StatusCodes.Status404NotFound) : Write(context, file);
    }

    private static bool IsServerPath(string path) => ServerPaths.Any(prefix =>
        path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
        && (path.Length == prefix.Length || path[prefix.Length] == '/' || path[prefix.Length] == '.'));

    private static IResult Write(HttpContext context, DashboardFile file)
    {
        var headers = context.Response.Headers;
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
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var gzip = file.Gzipped is not null
            && context.Request.Headers.AcceptEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase);
        if (gzip)
        {
            headers.ContentEncoding = "gzip";
        }

        return TypedResults.Bytes(gzip ? file.Gzipped! : file.Content, file.ContentType);
    }
}
