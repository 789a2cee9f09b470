using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// The real server in memory (WebApplicationFactory over Program) with its own SQLite file in a temp folder and a
/// known admin key.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    private TempFolder folder;
    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);

    public ServerFactory()
    {
        folder = new TempFolder();
        settings["STEPWISE_DATA"] = folder.Path;
        settings["STEPWISE_ADMIN_KEY"] = AdminKey;
        settings["LOG_LEVEL"] = "warning";
        settings["STEPWISE_RECOVERY_POLL"] = "100ms";

        // Suites that poll do not test rate limits; RateLimitTests turns them on with With().
        settings["STEPWISE_RATE_LIMIT_PER_KEY"] = "off";
        settings["STEPWISE_RATE_LIMIT_PER_IP"] = "off";
    }

    public string DataFolder => folder.Path;

    /// <summary>A server over an existing data folder, e.g. to restart on the store another instance used.</summary>
    public static ServerFactory Over(TempFolder existing)
    {
        var factory = new ServerFactory();
        factory.folder.Dispose();
        factory.folder = existing;
        factory.settings["STEPWISE_DATA"] = existing.Path;
        return factory;
    }

    /// <summary>What the server printed on its console (the generated admin key).</summary>
    public StringWriter Console { get; } = new();

    /// <summary>Keeps the data folder when this server is disposed (another one will reuse it).</summary>
    public bool KeepFolder { get; set; }

    public ServerFactory Without(string key)
    {
        settings.Remove(key);
        return this;
    }

    /// <summary>The server's clock (token expiry, lockout, audit times); the real clock when not set.</summary>
    public TimeProvider? Time { get; private set; }

    /// <summary>
    /// Runs the server on <paramref name="time"/>. The background loops then poll rarely, so advancing a fake clock
    /// by days fires a few hundred ticks rather than millions.
    /// </summary>
    public ServerFactory WithTime(TimeProvider time)
    {
        Time = time;
        settings["STEPWISE_RECOVERY_POLL"] = "1d";
        settings["STEPWISE_TRIGGER_REFRESH"] = "1h";
        settings["STEPWISE_RETENTION_INTERVAL"] = "1d";
        return this;
    }

    public ServerFactory With(string key, string value)
    {
        settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TextWriter>(Console);
            if (Time is not null)
            {
                services.AddSingleton(Time);
            }
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && !KeepFolder)
        {
            folder.Dispose();
        }
    }
}
