using System.Security.Cryptography.X509Certificates;

namespace Stepwise.Server.Tls;

/// <summary>
/// Decides whether a client certificate is acceptable: within its validity, issued for client authentication, and
/// chaining to the configured client CA, which is the only trust anchor (the system's roots are not consulted).
/// </summary>
internal sealed class ClientCertificateValidator(X509Certificate2 authority, TimeProvider time)
{
    /// <summary>Null when the certificate is acceptable, else why not, in words fit for the client.</summary>
    public string? Problem(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var now = time.GetUtcNow().UtcDateTime;
        if (certificate.NotAfter.ToUniversalTime() < now)
        {
            return $"the certificate expired on {certificate.NotAfter.ToUniversalTime():u}";
        }

        if (certificate.NotBefore.ToUniversalTime() > now)
        {
            return $"the certificate is not valid before {certificate.NotBefore.ToUniversalTime():u}";
        }

        // A certificate without the extension would pass a chain's usage check; a client certificate must say so.
        var usages = certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault()?.EnhancedKeyUsages;
        if (usages is null || !usages.Cast<System.Security.Cryptography.Oid>().Any(u => u.Value == DevCertificates.ClientAuthOid))
        {
            return "the certificate is not issued for client authentication (extended key usage clientAuth)";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid(DevCertificates.ClientAuthOid));
        var built = chain.Build(certificate);
        var root = chain.ChainElements.Count > 0 ? chain.ChainElements[^1].Certificate : null;
        if (!built || root is null || !root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
        {
            return chain.ChainStatus.Any(s => s.Status is X509ChainStatusFlags.NotTimeValid)
                ? "the certificate's chain is outside its validity"
                : "the certificate is not issued by the server's client CA";
        }

        return null;
    }
}
