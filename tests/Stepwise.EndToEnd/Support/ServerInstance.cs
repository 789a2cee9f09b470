using System.Net;
using System.Net.Sockets;

namespace Stepwise.EndToEnd.Support;

/// <summary>
/// A real <c>stepwise serve</c> on a free port of 127.0.0.1 over a data folder, with a known admin key, short
/// leases (so a restart after kill -9 resumes quickly) and a fast recovery poll.
/// </summary>
public sealed class ServerInstance : IAsyncDisposable
{
    public const string AdminKey = "e2e-admin-key-0123456789abcdef0123456789abcdef";

    private StepwiseProcess? process;

    private ServerInstance(string dataFolder, IReadOnlyDictionary<string, string> environment)
    {
        DataFolder = dataFolder;
        Environment = environment;
    }

    public string DataFolder { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    public int Port { get; private set; }

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public StepwiseProcess Process => process ?? throw new InvalidOperationException("The server is not running.");

    public static async Task<ServerInstance> StartAsync(
        string dataFolder, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["STEPWISE_ADMIN_KEY"] = AdminKey,
            ["STEPWISE_LEASE"] = "3s",
            ["STEPWISE_RECOVERY_POLL"] = "200ms",
            ["LOG_LEVEL"] = "warning",

            // The suite polls one shared server with one key; the limits have their own tests in Server.Tests.
            ["STEPWISE_RATE_LIMIT_PER_KEY"] = "off",
            ["STEPWISE_RATE_LIMIT_PER_IP"] = "off",
        };
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var server = new ServerInstance(dataFolder, environment);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts (again) on a new free port over the same data folder.</summary>
    public async Task RestartAsync()
    {
        process?.Dispose();
        Port = FreePort();
        // The data folder holds the node's files; DATABASE_URL, when the environment has one, chooses the store.
        process = StepwiseProcess.Start(["serve", "--urls", $"http://127.0.0.1:{Port}", "--data", DataFolder], Environment);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException(
                    $"stepwise serve exited at start.\nstdout:\n{process.Stdout}\nstderr:\n{process.Stderr}");
            }

            try
            {
                using var response = await probe.GetAsync($"{BaseUrl}/health/live", deadline.Token);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
            {
                // The probe timed out; try again.
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    public HttpClient Client(string? key = AdminKey, string? org = null)
    {
        var client = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(120) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        if (org is not null)
        {
            client.DefaultRequestHeaders.Add("X-Organization-Id", org);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Terminate();
            try
            {
                await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // Already killed by WaitForExitAsync.
            }
        }

        process?.Dispose();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
