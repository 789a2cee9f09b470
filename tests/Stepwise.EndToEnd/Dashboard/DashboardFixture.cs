using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Dashboard;

/// <summary>
/// One real <c>stepwise serve</c> and one headless Debian Chromium for the dashboard tests: an operator user with a
/// password, a viewer key, the workflows the tests run, and a local HTTP server standing in for a flaky service.
/// Screenshots go to <see cref="Screenshots"/> (kept as test artifacts).
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/lib/chromium/chromium";
    public const string OperatorName = "olivia";
    public const string OperatorPassword = "a-long-operator-password";

    private readonly TempFolder folder = new();
    private IPlaywright? playwright;

    public ServerInstance Server { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string ViewerKey { get; private set; } = "";

    /// <summary>The stand-in service: /charge answers 503 until <see cref="ServiceUp"/> is set; other paths always 503.</summary>
    private readonly LocalHttpServer service;

    public bool ServiceUp { get; set; }

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "dashboard-screenshots");

    public DashboardFixture() => service = new LocalHttpServer((path, _) =>
        ServiceUp && path.EndsWith("/charge", StringComparison.Ordinal) ? (200, "{\"ok\":true}") : (503, "{\"ok\":false}"));

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The dashboard tests drive Debian's Chromium at {ChromiumPath}: apt-get install -y --no-install-recommends chromium");
        }

        Directory.CreateDirectory(Screenshots);
        Directory.CreateDirectory(Path.Combine(folder.Path, "workspace"));
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "workspace", "Teams.cs"), Workflows.TeamsProvider);
        Server = await ServerInstance.StartAsync(folder.Path);
        var user = await StepwiseProcess.RunAsync(
            ["users", "create", OperatorName, "--org", "default", "--role", "operator", "--password-stdin", "--data", folder.Path],
            stdin: OperatorPassword + "\n");
        Assert.True(user.ExitCode == 0, user.Stderr);
        var key = await StepwiseProcess.RunAsync(["keys", "create", "--role", "viewer", "--output", "json", "--data", folder.Path]);
        Assert.True(key.ExitCode == 0, key.Stderr);
        ViewerKey = JsonNode.Parse(key.Stdout)!["key"]!.GetValue<string>();

        using var client = Server.Client();
        await WaitForDataProviderAsync(client, "get_teams");
        foreach (var workflow in new[] { Workflows.Signup, Workflows.Flaky, Workflows.Assign })
        {
            using var content = new StringContent(workflow, System.Text.Encoding.UTF8, "application/yaml");
            using var deployed = await client.PostAsync("/api/v1/workflows", content);
            Assert.True(deployed.IsSuccessStatusCode, await deployed.Content.ReadAsStringAsync());
        }

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
    }

    public string ServiceUrl(string path) => service.Url(path);

    /// <summary>The workspace compiles at start (Roslyn; slow on a busy machine): a YAML param may name its provider after.</summary>
    private static async Task WaitForDataProviderAsync(HttpClient client, string name)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var listed = await client.GetStringAsync("/api/v1/data-providers");
            if (JsonNode.Parse(listed)!["data_providers"]!.AsArray().Any(p => p!["name"]!.GetValue<string>() == name))
            {
                return;
            }

            Assert.True(waited.Elapsed < TimeSpan.FromMinutes(3), $"data provider {name} not compiled in time: {listed}");
            await Task.Delay(250);
        }
    }

    /// <summary>Starts a run through the API and waits for it to finish (the tests then look at it in the browser).</summary>
    public async Task<string> RunToEndAsync(string workflow, object input)
    {
        using var client = Server.Client();
        using var response = await client.PostAsJsonAsync($"/api/v1/workflows/{workflow}/executions?wait=30s", input);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["id"]!.GetValue<string>();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
        service.Dispose();
        folder.Dispose();
    }
}
