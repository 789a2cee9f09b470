using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stepwise.Hosting.Certificates;

/// <summary>
/// Issues the certificates of a development CA with <see cref="CertificateRequest"/>: the CA itself, a server
/// certificate for given host names and addresses, and client certificates. Keys are ECDSA P-256.
/// </summary>
internal static class DevCertificates
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static X509Certificate2 CreateAuthority(string name, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(
            new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    /// <param name="hosts">DNS names and IP addresses the server is reached by; each becomes a subject alternative name.</param>
    public static X509Certificate2 CreateServer(
        X509Certificate2 authority, IReadOnlyList<string> hosts, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        ArgumentOutOfRangeException.ThrowIfZero(hosts.Count);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts)
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        return Issue(authority, hosts[0], ServerAuthOid, notBefore, notAfter, names.Build(critical: false));
    }

    public static X509Certificate2 CreateClient(
        X509Certificate2 authority, string name, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        Issue(authority, name, ClientAuthOid, notBefore, notAfter, names: null);

    private static X509Certificate2 Issue(
        X509Certificate2 authority, string name, string usage, DateTimeOffset notBefore, DateTimeOffset notAfter,
        X509Extension? names)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(Subject(name), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        if (names is not null)
        {
            request.CertificateExtensions.Add(names);
        }

        // Positive 128-bit serials, as RFC 5280 asks: unique without a counter to keep.
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var issued = request.Create(authority, notBefore, notAfter, serial);
        return issued.CopyWithPrivateKey(key);
    }

    private static X500DistinguishedName Subject(string name)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(name);
        builder.AddOrganizationName("Stepwise development");
        return builder.Build();
    }
}
