using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace Stepwise.Storage.Postgres;

/// <summary>
/// Turns the two ways users write a PostgreSQL address into an Npgsql connection string. Messages never repeat a
/// password: URLs are shown with it masked.
/// </summary>
internal static partial class PostgresConnectionStrings
{
    private const string Parameter = "value";

    /// <summary>The libpq query parameters a URL may carry.</summary>
    private static readonly string[] SupportedParameters = ["sslmode", "sslrootcert", "application_name", "connect_timeout"];

    /// <summary>Reads <c>postgres://user:pass@host:port/db?sslmode=require</c>; user and password may be percent-encoded.</summary>
    public static string FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException(
                $"The PostgreSQL URL '{Mask(url)}' is not a valid URL; write postgres://user:password@host:5432/database.",
                Parameter);
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host.Trim('[', ']'),
            Port = uri.Port > 0 ? uri.Port : 5432,
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Contains('/', StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"The PostgreSQL URL '{Mask(url)}' has the path '/{database}'; its path must be one database name.",
                Parameter);
        }

        if (database.Length > 0)
        {
            builder.Database = database;
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            Apply(builder, key, value, url);
        }

        return builder.ConnectionString;
    }

    /// <summary>Checks a key/value connection string such as <c>Host=db;Username=app;Password=...;Database=stepwise</c>.</summary>
    public static string FromKeyValues(string text)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or InvalidCastException)
        {
            throw new ArgumentException(
                $"The PostgreSQL connection string is not valid: {exception.Message}", Parameter, exception);
        }

        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string names no Host; write Host=...;Database=...;Username=...",
                Parameter);
        }

        return builder.ConnectionString;
    }

    /// <summary><c>postgres://user@host:port/db</c>, for messages.</summary>
    public static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        var host = builder.Host is { } name && name.Contains(':', StringComparison.Ordinal) && !name.Contains(',', StringComparison.Ordinal)
            ? $"[{name}]"
            : builder.Host;
        return string.Create(
            CultureInfo.InvariantCulture, $"postgres://{user}{host}:{builder.Port}/{builder.Database ?? ""}");
    }

    private static void Apply(NpgsqlConnectionStringBuilder builder, string key, string value, string url)
    {
        switch (key)
        {
            case "sslmode":
                builder.SslMode = value switch
                {
                    "disable" => SslMode.Disable,
                    "allow" => SslMode.Allow,
                    "prefer" => SslMode.Prefer,
                    "require" => SslMode.Require,
                    "verify-ca" => SslMode.VerifyCA,
                    "verify-full" => SslMode.VerifyFull,
                    _ => throw new ArgumentException(
                        $"The PostgreSQL URL '{Mask(url)}' has sslmode '{value}'; use disable, allow, prefer, require, " +
                        "verify-ca or verify-full.",
                        Parameter),
                };
                break;
            case "sslrootcert":
                builder.RootCertificate = value;
                break;
            case "application_name":
                builder.ApplicationName = value;
                break;
            case "connect_timeout":
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds < 1)
                {
                    throw new ArgumentException(
                        $"The PostgreSQL URL '{Mask(url)}' has connect_timeout '{value}'; give whole seconds, at least 1.",
                        Parameter);
                }

                builder.Timeout = seconds;
                break;
            default:
                throw new ArgumentException(
                    $"The PostgreSQL URL '{Mask(url)}' has the unknown parameter '{key}'; supported: " +
                    $"{string.Join(", ", SupportedParameters)}. Other settings need a key/value connection string.",
                    Parameter);
        }
    }

    /// <summary>The URL with its password replaced by <c>***</c>.</summary>
    internal static string Mask(string url) => PasswordRegex().Replace(url, "$1***@");

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*://[^:/@?#]*:).*@", RegexOptions.CultureInvariant)]
    private static partial Regex PasswordRegex();
}
