using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stepwise.Cli.Tests.Doctor;

/// <summary>Self-signed server certificates with chosen validity, written as the PEM files STEPWISE_TLS_* name.</summary>
internal static class TestCertificates
{
    public static (string Certificate, string Key) Write(string folder, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=doctor-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        Directory.CreateDirectory(folder);
        var certificatePath = Path.Combine(folder, "server.crt");
        var keyPath = Path.Combine(folder, "server.key");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certificatePath, keyPath);
    }
}
