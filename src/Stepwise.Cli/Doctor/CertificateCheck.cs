using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Stepwise.Cli.Doctor;

/// <summary>
/// The expiry of the TLS certificates the server would serve and trust: failed when expired (or not valid yet),
/// a warning when fewer than <see cref="WarnWithin"/> remain. Only with TLS on.
/// </summary>
internal sealed class CertificateCheck : IDoctorCheck
{
    public const string Name = "certificates";

    public static readonly TimeSpan WarnWithin = TimeSpan.FromDays(14);

    private const string Renew =
        "renew it and point STEPWISE_TLS_CERT/STEPWISE_TLS_KEY at the new files ('stepwise certs init --force' renews the development set)";

    public Task<IReadOnlyList<DoctorFinding>> RunAsync(DoctorContext context, CancellationToken cancellationToken)
    {
        if (context.Node is not { } node)
        {
            return DoneAsync(DoctorFinding.Skip(Name, "the settings do not resolve (see configuration)"));
        }

        TlsOptions tls;
        try
        {
            tls = TlsOptions.Read(node.Configuration);
        }
        catch (ServerConfigurationException exception)
        {
            return DoneAsync(DoctorFinding.Skip(Name, $"the TLS settings are invalid ({exception.Message})"));
        }

        if (!tls.Enabled)
        {
            return DoneAsync(DoctorFinding.Skip(Name, "TLS is off (STEPWISE_TLS): the server serves plain HTTP"));
        }

        var now = context.Time.GetUtcNow();
        var findings = new List<DoctorFinding> { Expiry("server certificate", TlsOptions.CertificateKey, tls.CertificatePath, now) };
        if (tls.ClientCertificates != ClientCertificatePolicy.None)
        {
            findings.Add(Expiry("client CA", TlsOptions.ClientAuthorityKey, tls.ClientAuthorityPath, now));
        }

        return Task.FromResult<IReadOnlyList<DoctorFinding>>(findings);
    }

    /// <summary>The verdict on the certificate in <paramref name="path"/> (PEM or DER) at <paramref name="now"/>.</summary>
    public static DoctorFinding Expiry(string what, string setting, string path, DateTimeOffset now)
    {
        if (!File.Exists(path))
        {
            return DoctorFinding.Fail(Name, $"{what} ({setting}): file '{path}' not found", "create one with 'stepwise certs init', or set " + setting);
        }

        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException exception)
        {
            return DoctorFinding.Fail(Name, $"{what} ({setting}): '{path}' is not a certificate: {exception.Message}", "give a PEM certificate file");
        }

        using (certificate)
        {
            var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
            var notBefore = new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero);
            var subject = certificate.Subject;
            if (notAfter < now)
            {
                return DoctorFinding.Fail(Name, $"{what} '{path}' ({subject}) expired on {Format(notAfter)}: clients refuse it", Renew);
            }

            if (notBefore > now)
            {
                return DoctorFinding.Fail(
                    Name, $"{what} '{path}' ({subject}) is not valid before {Format(notBefore)}", "check this machine's clock, or issue the certificate again");
            }

            var left = notAfter - now;
            return left < WarnWithin
                ? DoctorFinding.Warn(Name, $"{what} '{path}' ({subject}) expires on {Format(notAfter)}, in {(int)left.TotalDays} day(s)", Renew)
                : DoctorFinding.Ok(Name, $"{what} '{path}' ({subject}) valid until {Format(notAfter)} ({(int)left.TotalDays} days)");
        }
    }

    private static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static Task<IReadOnlyList<DoctorFinding>> DoneAsync(DoctorFinding finding) =>
        Task.FromResult<IReadOnlyList<DoctorFinding>>([finding]);
}
