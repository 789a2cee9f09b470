using System.Net.Http.Headers;
using System.Text;

namespace Stepwise.Bench.Harness;

/// <summary>
/// A Release <c>stepwise serve</c> on 127.0.0.1 over a data folder of its own (SQLite, WAL, synchronous=FULL), with
/// an admin key and an HTTP client that sends it. It logs at the harness's <c>--log-level</c> (the product's default,
/// info, unless told otherwise) to a file in its data folder.
/// </summary>
internal sealed class StepwiseInstance : IAsyncDisposable
{
    public const string AdminKey = "bench-admin-key-0123456789abcdef0123456789";

    private StepwiseInstance(ChildProcess process, string dataFolder)
    {
        Process = process;
        DataFolder = dataFolder;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 })
        {
            BaseAddress = new Uri(process.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };
        Client.DefaultRequestHeaders.Add("X-API-Key", AdminKey);
    }

    public ChildProcess Process { get; }

    public string DataFolder { get; }

    public string DatabasePath => Path.Combine(DataFolder, "stepwise.db");

    public HttpClient Client { get; }

    public static async Task<StepwiseInstance> StartAsync(HarnessOptions options, string dataFolder)
    {
        Directory.CreateDirectory(dataFolder);
        var process = await ChildProcess.StartDotnetAsync(
            options.ServerDll,
            ["serve", "--data", dataFolder],
            new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["STEPWISE_ADMIN_KEY"] = AdminKey,
                ["LOG_LEVEL"] = options.LogLevel,

                // The load comes from one address and one key: the limits would measure themselves.
                ["STEPWISE_RATE_LIMIT_PER_KEY"] = "off",
                ["STEPWISE_RATE_LIMIT_PER_IP"] = "off",
            },
            Path.Combine(dataFolder, "server.log")).ConfigureAwait(false);
        return new StepwiseInstance(process, dataFolder);
    }

    public async Task DeployAsync(string yamlPath)
    {
        using var content = new StringContent(await File.ReadAllTextAsync(yamlPath).ConfigureAwait(false), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/yaml");
        using var response = await Client.PostAsync(new Uri("/api/v1/workflows", UriKind.Relative), content).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"deploying {yamlPath}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }

    /// <summary>POSTs a JSON body and returns the response text, failing on a non-success status.</summary>
    public async Task<string> PostJsonAsync(string path, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync(new Uri(path, UriKind.Relative), content).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? text
            : throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
    }

    public async Task<string> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative)).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return response.IsSuccessStatusCode
            ? text
            : throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {text}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync().ConfigureAwait(false);
    }
}
