using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// The real server in memory (WebApplicationFactory over Program) with its own SQLite file in a temp folder and a
/// known admin key.
/// </summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "test-admin-key-0123456789abcdef0123456789";

    private readonly TempFolder folder = new();
    private readonly Dictionary<string, string?> settings = new(StringComparer.Ordinal);

    public ServerFactory()
    {
        settings["STEPWISE_DATA"] = folder.Path;
        settings["STEPWISE_ADMIN_KEY"] = AdminKey;
        settings["LOG_LEVEL"] = "warning";
        settings["STEPWISE_RECOVERY_POLL"] = "100ms";
    }

    public string DataFolder => folder.Path;

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
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            folder.Dispose();
        }
    }
}
