using System.Net;
using System.Security.Cryptography.X509Certificates;
using Stepwise.Server.Tests.Support;
using Stepwise.Server.Tls;

namespace Stepwise.Server.Tests.Tls;

public sealed class ClientCertificateTests : IClassFixture<TlsFixture>
{
    private readonly TlsFixture tls;

    public ClientCertificateTests(TlsFixture tls) => this.tls = tls;

    [Fact]
    public async Task Get_RequireWithTheIssuedClientCertificate_IsServedOverHttps()
    {
        await using var host = await tls.StartAsync("require");
        using var client = tls.Client(host, tls.IssuedClient);

        using var workflows = await client.GetAsync("/api/v1/workflows");
        using var health = await client.GetAsync("/health/live");

        Assert.Equal("https", host.Address.Scheme);
        Assert.Equal(HttpStatusCode.OK, workflows.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Get_RequireWithoutACertificate_Returns401Envelope()
    {
        await using var host = await tls.StartAsync("require");
        using var client = tls.Client(host, certificate: null);

        using var response = await client.GetAsync("/api/v1/workflows");

        var error = await Envelope.AssertErrorAsync(response, 401, "UNAUTHORIZED");
        Assert.Equal(
            "Client certificate required: this server accepts only clients with a certificate issued by its client CA",
            Envelope.Message(error));
    }

    [Fact]
    public async Task Get_RequireWithACertificateOfAnotherCa_Returns403Envelope()
    {
        await using var host = await tls.StartAsync("require");
        using var otherAuthority = DevCertificates.CreateAuthority("Other CA", tls.Now.AddDays(-1), tls.Now.AddDays(1));
        using var stranger = Loaded(DevCertificates.CreateClient(otherAuthority, "stranger", tls.Now.AddHours(-1), tls.Now.AddDays(1)));
        using var client = tls.Client(host, stranger);

        using var response = await client.GetAsync("/api/v1/workflows");

        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Equal("Client certificate rejected: the certificate is not issued by the server's client CA", Envelope.Message(error));
    }

    [Fact]
    public async Task Get_RequireWithAnExpiredCertificate_Returns403Envelope()
    {
        await using var host = await tls.StartAsync("require");
        using var authority = CaWithKey();
        using var expired = Loaded(DevCertificates.CreateClient(authority, "late", tls.Now.AddDays(-5), tls.Now.AddDays(-1)));
        using var client = tls.Client(host, expired);

        using var response = await client.GetAsync("/api/v1/workflows");

        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.StartsWith("Client certificate rejected: the certificate expired on ", Envelope.Message(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RequireWithTheServerCertificateAsClient_Returns403ForTheMissingClientAuthUsage()
    {
        await using var host = await tls.StartAsync("require");
        using var authority = CaWithKey();
        using var serverOnly = Loaded(DevCertificates.CreateServer(authority, ["intruder"], tls.Now.AddHours(-1), tls.Now.AddDays(1)));
        using var client = tls.Client(host, serverOnly);

        using var response = await client.GetAsync("/api/v1/workflows");

        var error = await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
        Assert.Equal(
            "Client certificate rejected: the certificate is not issued for client authentication (extended key usage clientAuth)",
            Envelope.Message(error));
    }

    [Fact]
    public async Task Get_AllowWithoutACertificate_IsServedAndWithABadOneIsRefused()
    {
        await using var host = await tls.StartAsync("allow");
        using var otherAuthority = DevCertificates.CreateAuthority("Other CA", tls.Now.AddDays(-1), tls.Now.AddDays(1));
        using var stranger = Loaded(DevCertificates.CreateClient(otherAuthority, "stranger", tls.Now.AddHours(-1), tls.Now.AddDays(1)));
        using var anonymous = tls.Client(host, certificate: null);
        using var refused = tls.Client(host, stranger);
        using var issued = tls.Client(host, tls.IssuedClient);

        using var withoutCertificate = await anonymous.GetAsync("/api/v1/workflows");
        using var withBadCertificate = await refused.GetAsync("/api/v1/workflows");
        using var withIssuedCertificate = await issued.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.OK, withoutCertificate.StatusCode);
        await Envelope.AssertErrorAsync(withBadCertificate, 403, "FORBIDDEN");
        Assert.Equal(HttpStatusCode.OK, withIssuedCertificate.StatusCode);
    }

    [Fact]
    public async Task Get_NoneWithACertificate_ServesWithoutAskingForIt()
    {
        await using var host = await tls.StartAsync("none");
        using var client = tls.Client(host, certificate: null);

        using var response = await client.GetAsync("/api/v1/workflows");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    // The CA of the fixture with its private key, read back from ca/ca.key, to issue more certificates.
    private X509Certificate2 CaWithKey() => X509Certificate2.CreateFromPemFile(
        Path.Combine(tls.CertsFolder, "ca", "ca.crt"), Path.Combine(tls.CertsFolder, "ca", "ca.key"));

    // Round-tripped through PKCS#12 as a client loads its certificate and key from a file.
    private static X509Certificate2 Loaded(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        }
    }
}
