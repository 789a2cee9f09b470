using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Stepwise.Cli.Tests.Support;

namespace Stepwise.Cli.Tests.Operations;

/// <summary>
/// Issue 13: every verb that opens the store finds the one <c>stepwise serve</c> opens for the same flags,
/// environment and stepwise.json. Each test marks the store through one verb and looks for the mark through another.
/// </summary>
public sealed class SameStoreTests
{
    public static TheoryData<string> Sources => [NodeFolder.Flag, NodeFolder.Environment, NodeFolder.File];

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Orgs_DataFolderFromSource_UsesTheNodesStore(string source)
    {
        using var node = new NodeFolder(source);

        DbFixture.Ok(await node.RunAsync("orgs", "create", "marker-org"));
        var list = await node.RunAsync("orgs", "list");

        DbFixture.Ok(list);
        Assert.Contains("marker-org", list.Stdout, StringComparison.Ordinal);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task BackupRestore_DataFolderFromSource_CopiesTheNodesStoreIntoTheOtherNodes(string source)
    {
        using var from = new NodeFolder(source);
        using var to = new NodeFolder(source);
        using var scratch = new TempFolder();
        var archive = scratch.File("node.tar");
        DbFixture.Ok(await from.RunAsync("orgs", "create", "marker-org"));

        DbFixture.Ok(await from.RunAsync("db", "backup", archive));
        DbFixture.Ok(await to.RunAsync("db", "restore", archive));
        var list = await to.RunAsync("orgs", "list");

        Assert.Contains("marker-org", list.Stdout, StringComparison.Ordinal);
        from.AssertStoreInDataFolder();
        to.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Keys_DataFolderFromSource_SeesTheOrganizationOrgsCreated(string source)
    {
        using var node = new NodeFolder(source);
        DbFixture.Ok(await node.RunAsync("orgs", "create", "marker-org"));

        DbFixture.Ok(await node.RunAsync("keys", "create", "--org", "marker-org", "--name", "marker-key"));
        var list = await node.RunAsync("keys", "list", "--org", "marker-org");

        DbFixture.Ok(list);
        Assert.Contains("marker-key", list.Stdout, StringComparison.Ordinal);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Users_DataFolderFromSource_SeesTheOrganizationOrgsCreated(string source)
    {
        using var node = new NodeFolder(source);
        DbFixture.Ok(await node.RunAsync("orgs", "create", "marker-org"));

        DbFixture.Ok(await node.RunAsync(
            ["users", "create", "marker-user", "--org", "marker-org", "--password-stdin"], stdin: "correct-horse-battery"));
        var list = await node.RunAsync("users", "list");

        DbFixture.Ok(list);
        Assert.Contains("marker-user", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("marker-org", list.Stdout, StringComparison.Ordinal);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Db_DataFolderFromSource_InspectsTheStoreOrgsCreated(string source)
    {
        using var node = new NodeFolder(source);
        DbFixture.Ok(await node.RunAsync("orgs", "create", "marker-org"));
        var database = Path.Combine(node.DataFolder, "stepwise.db");

        var current = await node.RunAsync("db", "current");
        var history = await node.RunAsync("db", "history");
        var size = await node.RunAsync("db", "size");
        var check = await node.RunAsync("db", "check");

        DbFixture.Ok(current);
        Assert.Contains(database, current.Stdout, StringComparison.Ordinal);
        DbFixture.Ok(history);
        DbFixture.Ok(size);
        Assert.Contains(database, size.Stdout, StringComparison.Ordinal);
        DbFixture.Ok(check);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task DbDowngradeAndUpgrade_DataFolderFromSource_MigrateTheStoreOrgsCreated(string source)
    {
        using var node = new NodeFolder(source);
        DbFixture.Ok(await node.RunAsync("orgs", "create", "marker-org"));
        var database = Path.Combine(node.DataFolder, "stepwise.db");

        var downgrade = await node.RunAsync("db", "downgrade", "-1");
        var behind = await node.RunAsync("db", "current");
        var upgrade = await node.RunAsync("db", "upgrade");
        var orgs = await node.RunAsync("orgs", "list");

        DbFixture.Ok(downgrade);
        Assert.Contains(database, downgrade.Stdout + downgrade.Stderr, StringComparison.Ordinal);
        DbFixture.Ok(behind);
        Assert.Contains("behind", behind.Stdout, StringComparison.Ordinal);
        DbFixture.Ok(upgrade);
        Assert.Contains(database, upgrade.Stdout + upgrade.Stderr, StringComparison.Ordinal);
        DbFixture.Ok(orgs);
        Assert.Contains("marker-org", orgs.Stdout, StringComparison.Ordinal);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Seed_DataFolderFromSource_PutsStoreAndMasterKeyInTheDataFolder(string source)
    {
        using var node = new NodeFolder(source);

        DbFixture.Ok(await node.RunAsync("seed"));
        var list = await node.RunAsync("orgs", "list");

        Assert.True(File.Exists(Path.Combine(node.DataFolder, "master.key")), "seed wrote the master key elsewhere");
        DbFixture.Ok(list);
        Assert.Contains("test-org-active", list.Stdout, StringComparison.Ordinal);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task SecretsRotateKey_DataFolderFromSource_ReencryptsTheSecretSeedStored(string source)
    {
        using var node = new NodeFolder(source);
        DbFixture.Ok(await node.RunAsync("seed"));

        var rotated = await node.RunAsync("secrets", "rotate-key");

        DbFixture.Ok(rotated);
        Assert.Matches(@"Re-encrypted [1-9]\d* value\(s\)", rotated.Stdout);
        node.AssertStoreInDataFolder();
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task ConfigShow_DataFolderFromSource_NamesTheNodesStore(string source)
    {
        using var node = new NodeFolder(source);

        var show = await node.RunAsync("config", "show", "--output", "json");

        DbFixture.Ok(show);
        var settings = JsonNode.Parse(show.Stdout)!["settings"]!.AsArray();
        var data = settings.Single(setting => (string?)setting!["name"] == "STEPWISE_DATA")!;
        Assert.Equal(node.DataFolder, Path.GetFullPath((string)data["value"]!, node.WorkingFolder));
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task Serve_DataFolderFromSource_ServesTheOrganizationOrgsCreated(string source)
    {
        using var node = new NodeFolder(source);
        DbFixture.Ok(await node.RunAsync("orgs", "create", "marker-org"));
        var port = FreePort();
        const string adminKey = "same-store-admin-key-0123456789abcdef";

        using var serve = node.Start(
            ["serve", "--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string> { ["STEPWISE_ADMIN_KEY"] = adminKey });
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            http.DefaultRequestHeaders.Add("X-API-Key", adminKey);

            // A platform admin picks the organization; one the server's store lacks would be 404.
            http.DefaultRequestHeaders.Add("X-Organization-Id", "marker-org");
            var workflows = await GetWhenUpAsync(http, "/api/v1/workflows", serve);

            Assert.Contains("\"items\"", workflows, StringComparison.Ordinal);
            node.AssertStoreInDataFolder();
        }
        finally
        {
            serve.Kill();
        }
    }

    [Fact]
    public async Task Bug_13_data_flag_with_database_url_uses_the_database_url()
    {
        using var node = new NodeFolder(NodeFolder.Flag);
        using var other = new TempFolder();
        var database = other.File("shared.db");
        var environment = new Dictionary<string, string> { ["DATABASE_URL"] = $"sqlite:{database}" };

        DbFixture.Ok(await node.RunAsync(["orgs", "create", "marker-org"], stdin: null, environment));
        var current = await node.RunAsync(["db", "current"], stdin: null, environment);

        Assert.True(File.Exists(database), "DATABASE_URL did not choose the store");
        Assert.False(File.Exists(Path.Combine(node.DataFolder, "stepwise.db")), "--data hid DATABASE_URL");
        DbFixture.Ok(current);
        Assert.Contains(database, current.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bug_13_seed_honours_STEPWISE_DATA()
    {
        using var node = new NodeFolder(NodeFolder.Environment);

        DbFixture.Ok(await node.RunAsync("seed"));

        Assert.True(File.Exists(Path.Combine(node.DataFolder, "master.key")), "the master key is not in STEPWISE_DATA");
        node.AssertStoreInDataFolder();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Asks until the server answers (it opens the store before it listens), for at most a minute.</summary>
    private static async Task<string> GetWhenUpAsync(HttpClient http, string path, CliProcess serve)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(path, timeout.Token);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return await response.Content.ReadAsStringAsync(timeout.Token);
            }
            catch (HttpRequestException) when (!timeout.IsCancellationRequested)
            {
                Assert.False(serve.HasExited, $"serve exited: {serve.StderrSoFar}");
                await Task.Delay(TimeSpan.FromMilliseconds(100), timeout.Token);
            }
        }
    }
}
