using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Stepwise.Hosting.Certificates;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Loads the server certificate and the client CA named by <see cref="TlsOptions"/>; each problem names its setting.
/// <c>stepwise serve</c> and <c>stepwise config validate</c> both load them here, so both refuse the same files.
/// </summary>
internal static class TlsCertificates
{
    private const string Hint = "; 'stepwise certs init' creates a development set in <data>/certs";

    public static X509Certificate2 LoadServer(TlsOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(options);
        MustExist(TlsOptions.CertificateKey, options.CertificatePath);
        MustExist(TlsOptions.PrivateKeyKey, options.PrivateKeyPath);
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath, options.PrivateKeyPath);
        }
        catch (CryptographicException exception)
        {
            throw new ServerConfigurationException(
                $"{TlsOptions.CertificateKey}: cannot use '{options.CertificatePath}' with the key " +
                $"'{options.PrivateKeyPath}' ({TlsOptions.PrivateKeyKey}): {exception.Message}");
        }
        catch (ArgumentException)
        {
            // CreateFromPemFile says "The provided key does not match the public key for this certificate".
            throw new ServerConfigurationException(
                $"{TlsOptions.PrivateKeyKey}: the key '{options.PrivateKeyPath}' does not belong to the certificate " +
                $"'{options.CertificatePath}' ({TlsOptions.CertificateKey}); give the key the certificate was issued for{Hint}.");
        }

        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
        {
            var expired = certificate.NotAfter.ToUniversalTime();
            certificate.Dispose();
            throw new ServerConfigurationException(
                $"{TlsOptions.CertificateKey}: the certificate '{options.CertificatePath}' expired on {expired:u}{Hint} (--force replaces it).");
        }

        return certificate;
    }

    public static X509Certificate2 LoadAuthority(TlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        MustExist(TlsOptions.ClientAuthorityKey, options.ClientAuthorityPath);
        try
        {
            return X509CertificateLoader.LoadCertificateFromFile(options.ClientAuthorityPath);
        }
        catch (CryptographicException exception)
        {
            throw new ServerConfigurationException(
                $"{TlsOptions.ClientAuthorityKey}: '{options.ClientAuthorityPath}' is not a PEM certificate: {exception.Message}");
        }
    }

    private static void MustExist(string key, string path)
    {
        if (!File.Exists(path))
        {
            throw new ServerConfigurationException($"{key}: file '{path}' not found{Hint}.");
        }
    }
}
