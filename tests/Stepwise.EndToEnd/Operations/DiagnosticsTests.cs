using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>/debug/runtime and `stepwise diagnostics` against a real server.</summary>
public sealed class DiagnosticsTests
{
    [Fact]
    public async Task DebugRuntime_ByRole_OkForAdminForbiddenForViewerUnauthorizedWithoutKey()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        var viewerKey = await CreateKeyAsync(folder.Path, "viewer");
        using var admin = server.Client();
        using var viewer = server.Client(viewerKey);
        using var anonymous = server.Client(key: null);

        using var ok = await admin.GetAsync("/debug/runtime");
        using var forbidden = await viewer.GetAsync("/debug/runtime");
        using var unauthorized = await anonymous.GetAsync("/debug/runtime");

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        var runtime = await ok.ReadObjectAsync();
        Assert.True((long)runtime["working_set_bytes"]! > 0);
        Assert.True((long)runtime["private_bytes"]! > 0);
        Assert.True((double)runtime["cpu_time_seconds"]! > 0);
        Assert.True((double)runtime["uptime_seconds"]! >= 0);
        Assert.True((int)runtime["handle_count"]! > 0);
        Assert.True((long)runtime["gc_total_allocated_bytes"]! > 0);
        Assert.True((int)runtime["thread_pool_threads"]! > 0);
        Assert.StartsWith(".NET", (string?)runtime["runtime"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace((string?)runtime["os"]));
        await Api.AssertErrorAsync(forbidden, 403);
        await Api.AssertErrorAsync(unauthorized, 401);
    }

    [Fact]
    public async Task Diagnostics_AdminKey_BundleHoldsEveryPartAndNeverTheKey()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        var output = Path.Combine(folder.Path, "bundles");

        // The admin key is also in this process's environment, so config.json would show it if it were not masked.
        var (exitCode, stdout, stderr) = await StepwiseProcess.RunAsync(
            ["diagnostics", "--server", server.BaseUrl, "--output-dir", output, "--data", folder.Path, "--cpu-seconds", "1"],
            new Dictionary<string, string>
            {
                ["STEPWISE_KEY"] = ServerInstance.AdminKey,
                ["STEPWISE_ADMIN_KEY"] = ServerInstance.AdminKey,
            });

        Assert.True(exitCode == 0, stderr);
        Assert.Equal(string.Empty, stderr);
        var bundle = Assert.Single(Directory.GetFiles(output));
        Assert.Equal(bundle, stdout.Trim());
        Assert.Matches(@"stepwise-diagnostics-\d{8}T\d{6}Z\.tar\.gz$", bundle);
        var files = await ReadBundleAsync(bundle);
        Assert.Equal(
            ["config.json", "cpu.speedscope.json", "health.json", "heap.json", "metrics.txt", "runtime.json", "system.txt", "threads.txt", "version.json"],
            files.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in files)
        {
            Assert.DoesNotContain(ServerInstance.AdminKey, text, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(text), name);
        }

        Assert.Equal("0.1.0", (string?)JsonNode.Parse(files["version.json"])!["server_version"]);
        Assert.NotNull(JsonNode.Parse(files["health.json"])!["runtime"]);
        Assert.True((long)JsonNode.Parse(files["runtime.json"])!["working_set_bytes"]! > 0);
        Assert.Contains("# TYPE", files["metrics.txt"], StringComparison.Ordinal);
        Assert.Contains("STEPWISE_ADMIN_KEY", files["config.json"], StringComparison.Ordinal);
        Assert.Contains("cpu_count:", files["system.txt"], StringComparison.Ordinal);
        Assert.StartsWith("Managed threads of process ", files["threads.txt"], StringComparison.Ordinal);
        Assert.NotEmpty(JsonNode.Parse(files["heap.json"])!["top_types"]!.AsArray());
        Assert.NotEmpty(JsonNode.Parse(files["cpu.speedscope.json"])!["profiles"]!.AsArray());
    }

    [Fact]
    public async Task Diagnostics_ViewerKey_AdminPartsBecomeErrorFilesAndExitZero()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        var viewerKey = await CreateKeyAsync(folder.Path, "viewer");
        var output = Path.Combine(folder.Path, "bundles");

        var (exitCode, _, stderr) = await StepwiseProcess.RunAsync(
            ["diagnostics", "--server", server.BaseUrl, "--key", viewerKey, "--output-dir", output, "--cpu-seconds", "0"]);

        Assert.True(exitCode == 0, stderr);
        Assert.Contains("warning: runtime.json: GET /debug/runtime:", stderr, StringComparison.Ordinal);
        Assert.Contains("warning: health.json: GET /health/detailed:", stderr, StringComparison.Ordinal);
        var files = await ReadBundleAsync(Assert.Single(Directory.GetFiles(output)));
        Assert.Contains("HTTP 403", files["runtime.json.error.txt"], StringComparison.Ordinal);
        Assert.Contains("HTTP 403", files["health.json.error.txt"], StringComparison.Ordinal);
        Assert.False(files.ContainsKey("runtime.json"));
        Assert.True(files.ContainsKey("version.json"));
        Assert.True(files.ContainsKey("system.txt"));
        Assert.All(files.Values, text => Assert.DoesNotContain(viewerKey, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diagnostics_UnreachableServer_ExitOneAndNoBundle()
    {
        using var folder = new TempFolder();
        var output = Path.Combine(folder.Path, "bundles");

        var (exitCode, _, stderr) = await StepwiseProcess.RunAsync(
            ["diagnostics", "--server", $"http://127.0.0.1:{ServerInstance.FreePort()}", "--key", "some-key", "--output-dir", output]);

        Assert.Equal(1, exitCode);
        Assert.Contains("cannot reach the server at", stderr, StringComparison.Ordinal);
        Assert.Contains("no bundle was written", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.GetFiles(output).Length > 0);
    }

    private static async Task<Dictionary<string, string>> ReadBundleAsync(string path)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            using var reader = new StreamReader(entry.DataStream!, Encoding.UTF8);
            files[entry.Name] = await reader.ReadToEndAsync();
        }

        return files;
    }

    private static async Task<string> CreateKeyAsync(string dataFolder, string role)
    {
        var created = await StepwiseProcess.RunAsync(
            ["keys", "create", "--org", "default", "--role", role, "--output", "json", "--data", dataFolder]);
        Assert.True(created.ExitCode == 0, created.Stderr);
        return JsonNode.Parse(created.Stdout)!["key"]!.GetValue<string>();
    }
}
