using System.Text;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Observability.Metrics;

/// <summary><c>GET /metrics</c>: every Stepwise metric in the Prometheus text format, open like the health probes.</summary>
internal static class MetricsEndpoints
{
    private static readonly TimeSpan QueueReadTimeout = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        // Created now, so the listener sees every measurement from the start, not from the first scrape.
        Core.Telemetry.EngineMetrics.EnsureCreated();
        routes.ServiceProvider.GetRequiredService<PrometheusExporter>();
        routes.MapGet("/metrics", ScrapeAsync).WithTags("Health").Produces<string>(contentType: "text/plain")
            .WithSummary("Metrics in the Prometheus text format (requests, runs, steps, queue, connections, breakers)");
        return routes;
    }

    private static async Task<IResult> ScrapeAsync(
        PrometheusExporter exporter, ServerMetrics metrics, StoreHost store, CancellationToken cancellationToken)
    {
        if (store.IsOpen)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(QueueReadTimeout);
            try
            {
                metrics.SetQueueDepth((await store.Storage.Diagnostics.CountQueueAsync(deadline.Token)).Pending);
            }
            catch (Exception exception) when (exception is Core.Storage.StorageException
                || (exception is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // The database is down or slow: the gauge keeps its last value; /health says why.
            }
        }

        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        exporter.WriteTo(writer);
        return Results.Text(writer.ToString(), PrometheusText.ContentType, Encoding.UTF8);
    }
}
