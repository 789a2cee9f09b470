
namespace Stepwise.Hosting.Configuration;

/// <summary>
/// HTTPS and client certificate settings, read once from configuration (environment, stepwise.json, the flags of
/// <c>stepwise serve</c>). Paths default to the files <c>stepwise certs init</c> writes in the data folder.
/// </summary>
internal sealed class TlsOptions
{
    public const string EnabledKey = "STEPWISE_TLS";
    public const string CertificateKey = "STEPWISE_TLS_CERT";
    public const string PrivateKeyKey = "STEPWISE_TLS_KEY";
    public const string ClientCertificatesKey = "STEPWISE_CLIENT_CERTS";
    public const string ClientAuthorityKey = "STEPWISE_CLIENT_CA";

    /// <summary>Where <c>serve --tls</c> listens without <c>--urls</c>.</summary>
    public const string DefaultUrls = "https://127.0.0.1:8443";

    public bool Enabled { get; set; }

    /// <summary>The server certificate, PEM.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The server certificate's private key, PEM (PKCS#8 or the algorithm's own form).</summary>
    public string PrivateKeyPath { get; set; } = "";

    public ClientCertificatePolicy ClientCertificates { get; set; } = ClientCertificatePolicy.None;

    /// <summary>The CA certificate, PEM, that client certificates must chain to; it is the only trust anchor.</summary>
    public string ClientAuthorityPath { get; set; } = "";

    public static TlsOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var certs = DevCertificateSet.DefaultFolder(SettingValues.Text(configuration, ServerSettings.DataKey) ?? "./data");
        var options = new TlsOptions
        {
            Enabled = SettingValues.Bool(configuration, EnabledKey),
            CertificatePath = SettingValues.Text(configuration, CertificateKey) ?? DevCertificateSet.ServerCertificatePath(certs),
            PrivateKeyPath = SettingValues.Text(configuration, PrivateKeyKey) ?? DevCertificateSet.ServerKeyPath(certs),
            ClientAuthorityPath = SettingValues.Text(configuration, ClientAuthorityKey) ?? DevCertificateSet.AuthorityCertificatePath(certs),
        };
        var policy = SettingValues.Text(configuration, ClientCertificatesKey);
        options.ClientCertificates = policy?.ToLowerInvariant() switch
        {
            null or "none" => ClientCertificatePolicy.None,
            "allow" => ClientCertificatePolicy.Allow,
            "require" => ClientCertificatePolicy.Require,
            _ => throw new ServerConfigurationException(
                $"{ClientCertificatesKey}: '{policy}' is not one of none, allow or require."),
        };
        if (options.ClientCertificates != ClientCertificatePolicy.None && !options.Enabled)
        {
            throw new ServerConfigurationException(
                $"{ClientCertificatesKey}: '{policy}' needs HTTPS; turn it on with 'stepwise serve --tls' or {EnabledKey}=true.");
        }

        return options;
    }
}
