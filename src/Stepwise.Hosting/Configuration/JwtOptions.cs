using System.Globalization;
using System.Text;
using Stepwise.Core.Definitions;

namespace Stepwise.Hosting.Configuration;

/// <summary>
/// JWT settings, read once from configuration; each bad value names its setting. Issuer and audience are checked
/// only when set. Without JWT_SECRET and JWT_JWKS_URL the server signs and checks its own tokens with a key it
/// generates in the data folder, so <c>POST /auth/login</c> works with no setup.
/// </summary>
internal sealed class JwtOptions
{
    public const string SecretKey = "JWT_SECRET";
    public const string JwksUrlKey = "JWT_JWKS_URL";
    public const string IssuerKey = "JWT_ISSUER";
    public const string AudienceKey = "JWT_AUDIENCE";
    public const string ClockSkewKey = "JWT_CLOCK_SKEW";
    public const string SubjectClaimKey = "JWT_SUB_CLAIM";
    public const string OrgClaimKey = "JWT_ORG_CLAIM";
    public const string RoleClaimKey = "JWT_ROLE_CLAIM";
    public const string AccessLifetimeKey = "JWT_ACCESS_TTL";
    public const string RefreshLifetimeKey = "JWT_REFRESH_TTL";
    public const string JwksCacheKey = "JWT_JWKS_CACHE";
    public const string MaxLoginFailuresKey = "STEPWISE_LOGIN_MAX_FAILURES";
    public const string LockoutKey = "STEPWISE_LOGIN_LOCKOUT";

    /// <summary>The issuer and audience of tokens this server issues when JWT_ISSUER / JWT_AUDIENCE are unset.</summary>
    public const string DefaultIssuer = "stepwise";

    /// <summary>HS256 needs a key of at least 256 bits.</summary>
    public const int MinSecretBytes = 32;

    public byte[]? Secret { get; set; }

    public Uri? JwksUrl { get; set; }

    public string? Issuer { get; set; }

    public string? Audience { get; set; }

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(60);

    public string SubjectClaim { get; set; } = "sub";

    public string OrgClaim { get; set; } = "org";

    public string RoleClaim { get; set; } = "role";

    public TimeSpan AccessLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan RefreshLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long fetched JWKS keys are used before they are fetched again.</summary>
    public TimeSpan JwksCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The shortest time between two fetches for an unknown key id, so made-up kids cannot flood the IdP.</summary>
    public TimeSpan JwksMinRefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    public int MaxLoginFailures { get; set; } = 5;

    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The server generates its own HS256 key only when no key source is configured.</summary>
    public bool UsesGeneratedKey => Secret is null && JwksUrl is null;

    public static JwtOptions Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = new JwtOptions();
        if (Text(configuration, SecretKey) is { } secret)
        {
            var bytes = Encoding.UTF8.GetBytes(secret);
            if (bytes.Length < MinSecretBytes)
            {
                // The value itself is never repeated: it is a secret.
                throw new ServerConfigurationException(
                    $"{SecretKey}: the secret is {bytes.Length} bytes; HS256 needs at least {MinSecretBytes}.");
            }

            options.Secret = bytes;
        }

        if (Text(configuration, JwksUrlKey) is { } url)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ServerConfigurationException($"{JwksUrlKey}: '{url}' is not an http or https URL.");
            }

            options.JwksUrl = uri;
        }

        options.Issuer = Text(configuration, IssuerKey);
        options.Audience = Text(configuration, AudienceKey);
        options.ClockSkew = ReadDuration(configuration, ClockSkewKey, options.ClockSkew, TimeSpan.Zero, TimeSpan.FromHours(1));
        options.SubjectClaim = Text(configuration, SubjectClaimKey) ?? options.SubjectClaim;
        options.OrgClaim = Text(configuration, OrgClaimKey) ?? options.OrgClaim;
        options.RoleClaim = Text(configuration, RoleClaimKey) ?? options.RoleClaim;
        options.AccessLifetime = ReadDuration(
            configuration, AccessLifetimeKey, options.AccessLifetime, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));
        options.RefreshLifetime = ReadDuration(
            configuration, RefreshLifetimeKey, options.RefreshLifetime, TimeSpan.FromMinutes(5), TimeSpan.FromDays(365));
        options.JwksCacheLifetime = ReadDuration(
            configuration, JwksCacheKey, options.JwksCacheLifetime, TimeSpan.FromSeconds(10), TimeSpan.FromDays(1));
        options.Lockout = ReadDuration(configuration, LockoutKey, options.Lockout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        if (Text(configuration, MaxLoginFailuresKey) is { } failures)
        {
            if (!int.TryParse(failures, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > 1000)
            {
                throw new ServerConfigurationException(
                    $"{MaxLoginFailuresKey}: '{failures}' is not a whole number from 1 to 1000.");
            }

            options.MaxLoginFailures = count;
        }

        return options;
    }

    private static string? Text(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static TimeSpan ReadDuration(
        IConfiguration configuration, string key, TimeSpan fallback, TimeSpan minimum, TimeSpan maximum)
    {
        if (Text(configuration, key) is not { } text)
        {
            return fallback;
        }

        if (!Duration.TryParse(text, out var value) || value < minimum || value > maximum)
        {
            throw new ServerConfigurationException(
                $"{key}: '{text}' is not {Duration.Expected} from {Duration.Format(minimum)} to {Duration.Format(maximum)}.");
        }

        return value;
    }
}
