using System.Diagnostics;
using System.Runtime.CompilerServices;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Stepwise.Core.Telemetry;

namespace Stepwise.Server.Observability.Tracing;

/// <summary>
/// Spans of requests (ASP.NET Core), runs and steps (<c>Stepwise</c>) and outgoing calls (HttpClient). A listener
/// always creates them with their W3C ids, so a caller's <c>traceparent</c> is continued, answered, and passed on to
/// the calls http steps make; OpenTelemetry records and exports them with OTLP when OTEL_EXPORTER_OTLP_ENDPOINT is set.
/// </summary>
/// <remarks>
/// OpenTelemetry's types appear only in the body of <see cref="CreateExporter"/>: a field, a signature or a line of
/// the constructor typed with them would load its three assemblies into every server, exporting or not (issue 19,
/// idle memory).
/// </remarks>
internal sealed class TraceExport : IDisposable
{
    public static readonly string[] Sources = [StepwiseTelemetry.Name, "Microsoft.AspNetCore", "System.Net.Http"];

    private readonly ActivityListener _propagation;
    private readonly IDisposable? _exporter;

    public TraceExport(TraceSettings settings)
    {
        // Ids and parent links only: cheap, and enough to propagate traceparent without an exporter.
        _propagation = new ActivityListener
        {
            ShouldListenTo = source => Sources.Contains(source.Name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.PropagationData,
        };
        ActivitySource.AddActivityListener(_propagation);
        if (settings.OtlpEndpoint is { } endpoint)
        {
            _exporter = CreateExporter(settings, endpoint);
        }
    }

    public bool IsExporting => _exporter is not null;

    public void Dispose()
    {
        _exporter?.Dispose();
        _propagation.Dispose();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IDisposable CreateExporter(TraceSettings settings, Uri endpoint) =>
        OpenTelemetry.Sdk.CreateTracerProviderBuilder()
            .SetResourceBuilder(ResourceBuilder.CreateDefault().AddService(settings.ServiceName, serviceVersion: StepwiseTelemetry.Version))
            .AddSource(Sources)
            .AddOtlpExporter(options =>
            {
                options.Protocol = settings.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                options.Endpoint = settings.Grpc ? endpoint : OtlpTraceEndpoint(endpoint);
            })
            .Build();

    /// <summary>OTLP over HTTP posts traces to /v1/traces under the endpoint, as the specification's variable means.</summary>
    private static Uri OtlpTraceEndpoint(Uri endpoint) =>
        endpoint.AbsolutePath.EndsWith("/v1/traces", StringComparison.Ordinal)
            ? endpoint
            : new Uri(endpoint, endpoint.AbsolutePath.TrimEnd('/') + "/v1/traces");
}
