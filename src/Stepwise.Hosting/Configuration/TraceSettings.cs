namespace Stepwise.Hosting.Configuration;

/// <summary>
/// OTEL_EXPORTER_OTLP_ENDPOINT: where spans are exported with OTLP; OTEL_EXPORTER_OTLP_PROTOCOL: http/protobuf (the
/// default of the specification; traces go to /v1/traces under the endpoint) or grpc. The exporter reads the other
/// standard variables itself (OTEL_EXPORTER_OTLP_HEADERS, _TIMEOUT). OTEL_SERVICE_NAME names the service (stepwise).
/// </summary>
internal sealed record TraceSettings(Uri? OtlpEndpoint, bool Grpc, string ServiceName)
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";
    public const string ProtocolKey = "OTEL_EXPORTER_OTLP_PROTOCOL";
    public const string ServiceNameKey = "OTEL_SERVICE_NAME";

    public static TraceSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var endpoint = configuration[EndpointKey]?.Trim();
        Uri? uri = null;
        if (!string.IsNullOrEmpty(endpoint)
            && (!Uri.TryCreate(endpoint, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            throw new ServerConfigurationException(
                $"{EndpointKey}: '{endpoint}' is not an http or https URL such as http://127.0.0.1:4318.");
        }

        var grpc = configuration[ProtocolKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "http/protobuf" => false,
            "grpc" => true,
            var other => throw new ServerConfigurationException(
                $"{ProtocolKey}: '{other}' is not http/protobuf (the default) or grpc."),
        };
        var name = configuration[ServiceNameKey]?.Trim();
        return new TraceSettings(uri, grpc, string.IsNullOrEmpty(name) ? "stepwise" : name);
    }
}
