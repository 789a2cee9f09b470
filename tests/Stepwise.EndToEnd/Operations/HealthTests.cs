using System.Net;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>/health, /health/ready and /health/detailed of a real server whose database file and schema change under it.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Health_RunningServer_ReportsEveryCheckWithPoolDetails()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var anonymous = server.Client(key: null);

        var (status, body) = await GetAsync(anonymous, "/health");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", (string?)body["status"]);
        Assert.Equal("0.1.0", (string?)body["version"]);
        Assert.Matches(@"^(\d+h)?(\d+m)?\d+s$", (string?)body["uptime"]);
        Assert.NotNull(body["timestamp"]);
        var database = body["checks"]!["database"]!;
        Assert.Equal("healthy", (string?)database["status"]);
        Assert.EndsWith("ms", (string?)database["duration"], StringComparison.Ordinal);
        var pool = database["details"]!.AsObject();
        foreach (var key in new[] { "max_connections", "open_connections", "in_use", "idle" })
        {
            Assert.True(pool.ContainsKey(key), key);
        }

        Assert.Equal(1, (int)pool["writer_connections"]!);
        Assert.Equal(13, (int)pool["schema_version"]!);
        Assert.Equal(0, (int)body["checks"]!["queue"]!["details"]!["depth"]!);
        Assert.Equal("healthy", (string?)body["checks"]!["scheduler"]!["status"]);
    }

    [Fact]
    public async Task Ready_DatabaseFileUnreadableThenRestored_FlipsTo503AndBack()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client(key: null);
        var database = Path.Combine(folder.Path, "stepwise.db");
        var aside = database + ".aside";
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(client, "/health/ready")).Status);

        // Moving the file away makes it unreadable by path, for root too (chmod would not stop root).
        File.Move(database, aside);
        var (down, downBody) = await GetAsync(client, "/health/ready");
        var (healthDown, healthBody) = await GetAsync(client, "/health");
        File.Move(aside, database);
        var (up, upBody) = await GetAsync(client, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, down);
        Assert.Equal("not_ready", (string?)downBody["status"]);
        Assert.StartsWith("database ping failed:", (string?)downBody["checks"]!["database"]!["error"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, healthDown);
        Assert.Equal("unhealthy", (string?)healthBody["status"]);
        Assert.Equal(HttpStatusCode.OK, up);
        Assert.Equal("ready", (string?)upBody["status"]);
    }

    [Fact]
    public async Task Ready_SchemaDowngradedUnderTheServer_503WithTheCommandThen200AfterUpgrade()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client(key: null);

        Assert.Equal(0, (await StepwiseProcess.RunAsync(["db", "downgrade", "-1", "--data", folder.Path])).ExitCode);
        var (behind, body) = await GetAsync(client, "/health/ready");
        Assert.Equal(0, (await StepwiseProcess.RunAsync(["db", "upgrade", "--data", folder.Path])).ExitCode);
        var (after, _) = await GetAsync(client, "/health/ready");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, behind);
        Assert.Contains("behind this stepwise (13): run 'stepwise db upgrade'", (string?)body["checks"]!["database"]!["error"],
            StringComparison.Ordinal);
        Assert.Equal(12, (int)body["checks"]!["database"]!["details"]!["schema_version"]!);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task Detailed_AdminOnly_HasRuntimeCounters()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var anonymous = server.Client(key: null);
        using var admin = server.Client();

        using var refused = await anonymous.GetAsync("/health/detailed");
        var (status, body) = await GetAsync(admin, "/health/detailed");

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, status);
        var runtime = body["runtime"]!;
        Assert.True((long)runtime["working_set_bytes"]! > 0);
        Assert.True((int)runtime["thread_pool_threads"]! > 0);
        Assert.StartsWith(".NET", (string?)runtime["runtime"], StringComparison.Ordinal);
        Assert.NotNull(body["checks"]!["database"]);
    }

    [Fact]
    public async Task Live_Always_Ok()
    {
        using var folder = new TempFolder();
        await using var server = await ServerInstance.StartAsync(folder.Path);
        using var client = server.Client(key: null);

        var (status, body) = await GetAsync(client, "/health/live");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", (string?)body["status"]);
        Assert.True((double)body["uptime_seconds"]! > 0);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject());
    }
}
