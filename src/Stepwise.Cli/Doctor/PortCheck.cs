using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// The listen addresses (<c>--urls</c>, the <c>urls</c> setting, else the default): each port free, or held by a
/// Stepwise server that answers <c>/health/live</c> there (this node, already running). Anything else holding it
/// would make <c>stepwise serve</c> exit at start.
/// </summary>
internal sealed partial class PortCheck : IDoctorCheck
{
    public const string Name = "port";

    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return [DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)")];
        }

        TlsOptions? tls = null;
        try
        {
            tls = TlsOptions.Read(node.Configuration);
        }
        catch (ServerConfigurationException)
        {
            // Reported by the configuration check; the default address is checked.
        }

        var urls = context.Urls ?? node.Configuration["urls"]
            ?? (tls?.Enabled == true ? TlsOptions.DefaultUrls : ServerOptions.DefaultUrls);
        var findings = new List<DoctorFinding>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            findings.Add(await CheckAsync(url, tls, cancellationToken));
        }

        return findings;
    }

    private static async Task<DoctorFinding> CheckAsync(string url, TlsOptions? tls, CancellationToken cancellationToken)
    {
        var match = ListenUrl().Match(url);
        if (!match.Success)
        {
            return DoctorFinding.Fail(Name, $"'{url}' is not a listen address such as http://127.0.0.1:8080", "fix --urls / the urls setting");
        }

        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var host = match.Groups["host"].Value.Trim('[', ']');
        var port = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)
            : scheme == "https" ? 443 : 80;
        if (port == 0)
        {
            return DoctorFinding.Ok(Name, $"{url}: port 0, any free port is taken at start");
        }

        var address = host switch
        {
            "*" or "+" or "0.0.0.0" => IPAddress.Any,
            "localhost" => IPAddress.Loopback,
            _ => IPAddress.TryParse(host, out var parsed) ? parsed : null,
        };
        if (address is null)
        {
            var resolved = await Dns.GetHostAddressesAsync(host, cancellationToken);
            address = resolved.FirstOrDefault();
            if (address is null)
            {
                return DoctorFinding.Fail(Name, $"{url}: the host '{host}' has no address", "listen on an address of this machine, e.g. http://0.0.0.0:" + port);
            }
        }

        try
        {
            var listener = new TcpListener(address, port) { ExclusiveAddressUse = true };
            listener.Start();
            listener.Stop();
            return DoctorFinding.Ok(Name, $"{url}: port {port} is free");
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AccessDenied)
        {
            return DoctorFinding.Fail(Name, $"{url}: permission denied listening on port {port}", "ports below 1024 need extra rights; choose a port such as 8080 with --urls");
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            return DoctorFinding.Fail(Name, $"{url}: {address} is not an address of this machine", "listen on one of this machine's addresses, or 0.0.0.0");
        }
        catch (SocketException exception) when (exception.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            var probe = address.Equals(IPAddress.Any) ? "127.0.0.1" : address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
            var version = await StepwiseVersionAsync(new Uri($"{scheme}://{probe}:{port}/health/live"), tls, cancellationToken);
            return version is not null
                ? DoctorFinding.Ok(Name, $"{url}: port {port} is held by a running Stepwise server (version {version}) that answers /health/live")
                : DoctorFinding.Fail(
                    Name, $"{url}: port {port} is in use by another program (it does not answer /health/live as Stepwise does)",
                    $"find it with `ss -ltnp 'sport = :{port}'` and stop it, or choose another address with --urls");
        }
    }

    /// <summary>The version a Stepwise server at <paramref name="live"/> reports, or null when what answers is not one.</summary>
    private static async Task<string?> StepwiseVersionAsync(Uri live, TlsOptions? tls, CancellationToken cancellationToken)
    {
        using var handler = new HttpClientHandler();
        if (tls is { Enabled: true } && File.Exists(tls.CertificatePath))
        {
            // A server holding the port with this node's own certificate is this node.
            using var own = X509CertificateLoader.LoadCertificateFromFile(tls.CertificatePath);
            var thumbprint = own.Thumbprint;
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, errors) =>
                errors == System.Net.Security.SslPolicyErrors.None || certificate?.Thumbprint == thumbprint;
        }

        using var http = new HttpClient(handler) { Timeout = ProbeTimeout };
        try
        {
            using var response = await http.GetAsync(live, cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return response.IsSuccessStatusCode
                && body.RootElement.ValueKind == JsonValueKind.Object
                && body.RootElement.TryGetProperty("version", out var version)
                && version.ValueKind == JsonValueKind.String
                ? version.GetString()
                : null;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException or JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^(?<scheme>https?)://(?<host>\[[^\]]+\]|[^:/\[\]]+)(:(?<port>\d{1,5}))?/?$", RegexOptions.IgnoreCase)]
    private static partial Regex ListenUrl();
}
