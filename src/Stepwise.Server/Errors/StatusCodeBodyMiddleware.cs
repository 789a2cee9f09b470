namespace Stepwise.Server.Errors;

/// <summary>
/// Writes the envelope (<see cref="StatusCodeResponses"/>) for an error status that the rest of the pipeline ended
/// without a body: a 4xx or 5xx, not started, with neither a length nor a content type, as ASP.NET Core's status code
/// pages decide it. Ours rather than <c>UseStatusCodePages</c>, which sets a feature and an item on every request (a
/// dictionary of its own per request) for re-execution and endpoint opt-outs that Stepwise has none of.
/// </summary>
internal sealed class StatusCodeBodyMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var handled = next(context);
        return handled.IsCompletedSuccessfully ? WriteIfBareAsync(context) : WriteAfterAsync(handled, context);
    }

    private static async Task WriteAfterAsync(Task handled, HttpContext context)
    {
        await handled.ConfigureAwait(false);
        await WriteIfBareAsync(context).ConfigureAwait(false);
    }

    private static Task WriteIfBareAsync(HttpContext context) =>
        IsBare(context.Response) ? StatusCodeResponses.WriteAsync(context) : Task.CompletedTask;

    private static bool IsBare(HttpResponse response) =>
        !response.HasStarted
        && response.StatusCode is >= 400 and < 600
        && response.ContentLength is null
        && string.IsNullOrEmpty(response.ContentType);
}
