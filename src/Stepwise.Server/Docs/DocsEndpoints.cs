using Microsoft.AspNetCore.Http.HttpResults;

namespace Stepwise.Server.Docs;

/// <summary>
/// <c>/openapi/v1.json</c> and <c>/docs</c>, a self-contained reference page (no CDN: its script and styles are
/// inline) that renders the OpenAPI document. Both are open: they describe the API, they do not use it.
/// </summary>
internal static class DocsEndpoints
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DocsEndpoints).Assembly.GetManifestResourceStream("Stepwise.Server.Docs.ReferencePage.html")
            ?? throw new InvalidOperationException("The API reference page is not embedded in the server assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapDocsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(OpenApiSetup.DocumentPath);
        routes.MapGet("/docs", Reference).ExcludeFromDescription();
        return routes;
    }

    private static ContentHttpResult Reference() => TypedResults.Content(Page.Value, "text/html; charset=utf-8");
}
