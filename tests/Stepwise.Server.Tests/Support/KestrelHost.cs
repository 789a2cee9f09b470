using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Server.Auth;

namespace Stepwise.Server.Tests.Support;

/// <summary>
/// The real server on Kestrel at 127.0.0.1 on a free port, in this process: built by the same
/// <see cref="StepwiseServer.CreateBuilder"/> as <c>stepwise serve</c>, so TLS and connection addresses are real
/// (WebApplicationFactory's in-memory server has neither).
/// </summary>
public sealed class KestrelHost : IAsyncDisposable
{
    public const string AdminKey = ServerFactory.AdminKey;

    private readonly WebApplication app;
    private readonly TempFolder? ownedFolder;

    private KestrelHost(WebApplication app, Uri address, TempFolder? ownedFolder)
    {
        this.app = app;
        Address = address;
        this.ownedFolder = ownedFolder;
    }

    public Uri Address { get; }

    public IServiceProvider Services => app.Services;

    /// <param name="scheme">http, or https when the settings turn TLS on.</param>
    /// <param name="configureServices">Replaces services after the server's own, such as the clock.</param>
    public static async Task<KestrelHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        string scheme = "http",
        Action<IServiceCollection>? configureServices = null,
        string? dataFolder = null)
    {
        var folder = dataFolder is null ? new TempFolder() : null;
        var all = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["STEPWISE_DATA"] = dataFolder ?? folder!.Path,
            ["STEPWISE_ADMIN_KEY"] = AdminKey,
            ["LOG_LEVEL"] = "warning",
            ["urls"] = $"{scheme}://127.0.0.1:0",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        var builder = StepwiseServer.CreateBuilder([], all);
        builder.Services.AddSingleton<TextWriter>(new StringWriter());
        configureServices?.Invoke(builder.Services);
        var app = StepwiseServer.Build(builder);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new KestrelHost(app, new Uri(address), folder);
    }

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (any of 127.0.0.0/8 reaches the server).</summary>
    public HttpClient Client(string? key = AdminKey, string localAddress = "127.0.0.1", HttpMessageHandler? handler = null)
    {
        var client = new HttpClient(handler ?? From(localAddress)) { BaseAddress = Address };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        return client;
    }

    public async Task<string> CreateKeyAsync(string org, ApiKeyRole role)
    {
        var (key, hash, prefix) = ApiKeySecrets.Generate();
        await Services.GetRequiredService<IApiKeyStore>().CreateAsync(new ApiKeyRecord(
            ApiKeySecrets.NewId(), org, "test", role, false, hash, prefix, TimeProvider.System.GetUtcNow(), null));
        return key;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        ownedFolder?.Dispose();
    }

    private static SocketsHttpHandler From(string localAddress) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}
