
namespace Stepwise.Hosting.Configuration;

/// <summary>
/// Checks every setting the server reads, each on its own, so one run reports every bad value at once rather than
/// the first. The checks are the readers the server starts with, so what passes here starts.
/// </summary>
internal static class ConfigValidator
{
    private static readonly string[] TlsKeys =
    [
        TlsOptions.EnabledKey, TlsOptions.CertificateKey, TlsOptions.PrivateKeyKey,
        TlsOptions.ClientCertificatesKey, TlsOptions.ClientAuthorityKey,
    ];

    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var setting in SettingsCatalog.All.Where(setting => setting.Scope != SettingScope.EnvironmentOnly))
        {
            var value = configuration[setting.Name];
            if (string.IsNullOrWhiteSpace(value) || TlsKeys.Contains(setting.Name, StringComparer.Ordinal))
            {
                continue;
            }

            var alone = new ConfigurationBuilder()
                .AddInMemoryCollection([new KeyValuePair<string, string?>(setting.Name, value)])
                .Build();
            try
            {
                if (setting.Scope == SettingScope.Logging)
                {
                    LogSettings.Read(alone);
                }
                else if (setting.Scope == SettingScope.Tracing)
                {
                    TraceSettings.Read(alone);
                }
                else
                {
                    ServerSettings.Read(alone);
                    RateLimitOptions.Read(alone);
                    JwtOptions.Read(alone);
                    if (Signals.ApprovalLinks.CheckPublicUrl(alone[Signals.ApprovalLinks.PublicUrlKey]) is { } badUrl)
                    {
                        problems.Add(badUrl);
                    }
                }
            }
            catch (ServerConfigurationException exception)
            {
                problems.Add(exception.Message);
            }
        }

        // The TLS settings depend on each other (client certificates need TLS on), so they are checked together.
        try
        {
            // The same loads 'stepwise serve' does: TLS on without certificate files, or a key that is not the
            // certificate's, is a problem here too.
            var tls = TlsOptions.Read(configuration);
            if (tls.Enabled)
            {
                TlsCertificates.LoadServer(tls, TimeProvider.System.GetUtcNow()).Dispose();
                if (tls.ClientCertificates != ClientCertificatePolicy.None)
                {
                    TlsCertificates.LoadAuthority(tls).Dispose();
                }
            }
        }
        catch (ServerConfigurationException exception)
        {
            problems.Add(exception.Message);
        }

        return problems;
    }
}
