using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Stepwise.Server.Tests.Support;
using Stepwise.Server.Tls;

namespace Stepwise.Server.Tests.Tls;

/// <summary>
/// A development CA (valid from ten days ago) with server and client certificates written where
/// <c>stepwise certs init</c> writes them, and helpers to start HTTPS servers on them and call them.
/// </summary>
public sealed class TlsFixture : IDisposable
{
    private readonly TempFolder folder = new();

    public TlsFixture()
    {
        Now = TimeProvider.System.GetUtcNow();
        Authority = DevCertificates.CreateAuthority("Test CA", Now.AddDays(-10), Now.AddDays(30));
        using var set = new DevCertificateSet(
            Authority,
            DevCertificates.CreateServer(Authority, ["localhost", "127.0.0.1"], Now.AddDays(-10), Now.AddDays(30)),
            DevCertificates.CreateClient(Authority, DevCertificateSet.ClientName, Now.AddDays(-10), Now.AddDays(30)));
        set.WriteTo(CertsFolder, overwrite: false);
        Authority = X509CertificateLoader.LoadCertificate(Authority.RawData);
        IssuedClient = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(CertsFolder, "client", "client.pfx"), null);
    }

    public DateTimeOffset Now { get; }

    public string DataFolder => folder.Path;

    public string CertsFolder => DevCertificateSet.DefaultFolder(folder.Path);

    /// <summary>The CA's certificate without its key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The client certificate as a user loads it: from client.pfx.</summary>
    public X509Certificate2 IssuedClient { get; }

    public Task<KestrelHost> StartAsync(string clientCertificates) =>
        KestrelHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["STEPWISE_TLS"] = "true",
                ["STEPWISE_CLIENT_CERTS"] = clientCertificates,
                ["STEPWISE_RATE_LIMIT_PER_KEY"] = "off",
                ["STEPWISE_RATE_LIMIT_PER_IP"] = "off",
            },
            scheme: "https",
            dataFolder: DataFolder);

    /// <summary>
    /// A client that trusts the server only through the test CA (name checked) and presents
    /// <paramref name="certificate"/> when the server asks for one.
    /// </summary>
    public HttpClient Client(KestrelHost host, X509Certificate2? certificate, string? key = KestrelHost.AdminKey)
    {
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = ValidateServer,
                LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate!,
                ClientCertificates = certificate is null ? null : new X509CertificateCollection { certificate },
            },
        };
        return host.Client(key, handler: handler);
    }

    /// <summary>Trusts the server only through the test CA, its name checked.</summary>
    public bool ValidateServer(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors) =>
        presented is not null && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0 && IssuedByAuthority(presented);

    public void Dispose()
    {
        Authority.Dispose();
        IssuedClient.Dispose();
        folder.Dispose();
    }

    private bool IssuedByAuthority(X509Certificate presented)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var server = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(server);
    }
}
