using Microsoft.AspNetCore.Server.Kestrel.Https;
using Stepwise.Server.Hosting;

namespace Stepwise.Server.Tls;

/// <summary>
/// Turns <see cref="TlsOptions"/> into Kestrel's HTTPS defaults and the addresses to listen on. With TLS on every
/// address must be https; with it off, an https address is refused rather than served with a certificate nobody chose.
/// </summary>
internal static class TlsSetup
{
    /// <returns>The addresses to listen on.</returns>
    public static string Apply(WebApplicationBuilder builder, string? urls)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = TlsOptions.Read(builder.Configuration);
        var listen = ListenUrls(urls, options);
        builder.WebHost.ConfigureKestrel(kestrel => Http.Rejections.KestrelRejectionSetup.Configure(kestrel, options.Enabled));
        if (!options.Enabled)
        {
            return listen;
        }

        // The slim builder (StepwiseServer.CreateBuilder) leaves out Kestrel's HTTPS support until asked for it.
        builder.WebHost.UseKestrelHttpsConfiguration();
        var certificate = TlsCertificates.LoadServer(options, TimeProvider.System.GetUtcNow());
        if (options.ClientCertificates != ClientCertificatePolicy.None)
        {
            // Read now so a missing or unreadable CA stops the start with its setting's name.
            TlsCertificates.LoadAuthority(options).Dispose();
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = options.ClientCertificates == ClientCertificatePolicy.None
                ? ClientCertificateMode.NoCertificate
                : ClientCertificateMode.AllowCertificate;

            // The handshake takes any certificate; ClientCertificateMiddleware judges it against the client CA and
            // answers with the error envelope, which a failed handshake cannot carry.
            https.ClientCertificateValidation = (_, _, _) => true;
        }));
        return listen;
    }

    public static string ListenUrls(string? urls, TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(urls))
        {
            return options.Enabled ? TlsOptions.DefaultUrls : ServerOptions.DefaultUrls;
        }

        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var https = url.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
            if (options.Enabled && !https)
            {
                throw new ServerConfigurationException(
                    $"--urls: '{url}' is not https; with TLS on (--tls, {TlsOptions.EnabledKey}) every address must start with https://.");
            }

            if (!options.Enabled && https)
            {
                throw new ServerConfigurationException(
                    $"--urls: '{url}' needs TLS; add --tls (or {TlsOptions.EnabledKey}=true) to serve HTTPS with the certificate of {TlsOptions.CertificateKey}.");
            }
        }

        return urls;
    }
}
