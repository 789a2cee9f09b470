using System.Security.Cryptography;
using System.Text;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private const string SourceA = "name: orders\nnodes:\n  - id: a\n";
    private const string SourceB = "name: orders\nnodes:\n  - id: b\n";

    [PostgresFact]
    public async Task SaveVersionAsync_SameSourceAsLatest_ReturnsTheLatestVersion()
    {
        await using var storage = await OpenStoreAsync();

        var first = await storage.Workflows.SaveVersionAsync("acme", "orders", SourceA);
        Time.Advance(TimeSpan.FromMinutes(1));
        var again = await storage.Workflows.SaveVersionAsync("acme", "orders", SourceA);

        Assert.Equal(1, first.Version);
        Assert.Equal(first, again);
        Assert.Equal(Start, first.CreatedAt);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(SourceA))), first.ContentHash);
    }

    [PostgresFact]
    public async Task SaveVersionAsync_ChangedSource_AddsVersionsAndDedupesOnlyAgainstLatest()
    {
        await using var storage = await OpenStoreAsync();

        var v1 = await storage.Workflows.SaveVersionAsync("acme", "orders", SourceA);
        var v2 = await storage.Workflows.SaveVersionAsync("acme", "orders", SourceB);
        var v3 = await storage.Workflows.SaveVersionAsync("acme", "orders", SourceA);
        var otherOrg = await storage.Workflows.SaveVersionAsync("globex", "orders", SourceB);

        Assert.Equal([1, 2, 3], new[] { v1.Version, v2.Version, v3.Version });
        Assert.Equal(1, otherOrg.Version);
        Assert.Equal(v3, await storage.Workflows.GetLatestAsync("acme", "orders"));
        Assert.Equal(v2, await storage.Workflows.GetVersionAsync("acme", "orders", 2));
        Assert.Equal(SourceB, (await storage.Workflows.GetVersionAsync("acme", "orders", 2))?.Source);
    }

    [PostgresFact]
    public async Task SaveVersionAsync_ConcurrentSaves_NumberVersionsWithoutGapsOrDuplicates()
    {
        await using var storage = await OpenStoreAsync();

        var saved = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(index => storage.Workflows.SaveVersionAsync("acme", "orders", $"name: orders # {index}")));

        Assert.Equal(Enumerable.Range(1, 20), saved.Select(version => version.Version).Order());
    }

    [PostgresFact]
    public async Task GetVersionAsync_UnknownWorkflowOrVersion_ReturnsNull()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Workflows.SaveVersionAsync("acme", "orders", SourceA);

        Assert.Null(await storage.Workflows.GetVersionAsync("acme", "orders", 2));
        Assert.Null(await storage.Workflows.GetVersionAsync("acme", "billing", 1));
        Assert.Null(await storage.Workflows.GetLatestAsync("globex", "orders"));
    }

    [PostgresFact]
    public async Task SaveVersionAsync_EmptySource_ThrowsNamingTheWorkflow()
    {
        await using var storage = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => storage.Workflows.SaveVersionAsync("acme", "orders", ""));

        Assert.Contains("'orders'", error.Message, StringComparison.Ordinal);
    }
}
