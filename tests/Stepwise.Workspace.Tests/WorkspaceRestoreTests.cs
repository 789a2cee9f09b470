using Microsoft.Extensions.Logging.Abstractions;
using Stepwise.Core.Storage;
using Stepwise.Workspace.Tests.Support;

namespace Stepwise.Workspace.Tests;

/// <summary>
/// Workspace versions in the store (real SQLite): the publisher stores each version's sources, and a host that lacks
/// a version (another folder, or none) compiles it from there for the runs pinned to it.
/// </summary>
public sealed class WorkspaceRestoreTests
{
    [Fact]
    public async Task GetOrRestoreAsync_VersionPublishedByAnotherHost_CompilesTheStoredSources()
    {
        await using var engine = await CodeEngine.OpenAsync();
        using var publishing = new TempFolder();
        using var empty = new TempFolder();
        File.WriteAllText(Path.Combine(publishing.Path, "Onboarding.cs"), Workspaces.Contract);
        using var first = Host(publishing.Path, engine);
        await first.BuildAsync();
        var hash = first.Current!.Hash;
        await Publisher(first, engine).PublishAsync();

        using var second = Host(empty.Path, engine);
        await second.BuildAsync();
        Assert.Null(second.Get(hash));
        var (version, error) = await second.GetOrRestoreAsync(hash);

        Assert.Null(error);
        Assert.Equal(hash, version!.Hash);
        Assert.Contains("onboard_user", version.Workflows.Keys);
        Assert.Same(version, second.Get(hash));
        Assert.Null(second.Current?.Workflows.GetValueOrDefault("onboard_user"));
    }

    [Fact]
    public async Task GetOrRestoreAsync_UnknownOrDamagedVersion_SaysWhy()
    {
        await using var engine = await CodeEngine.OpenAsync();
        using var folder = new TempFolder();
        using var host = Host(folder.Path, engine);
        var unknown = new string('a', 64);
        var damaged = new string('b', 64);
        await engine.Storage.WorkspaceSources.SaveAsync(damaged, [new WorkspaceSourceFile("A.cs", "class A {}")], DateTimeOffset.UtcNow);

        var (none, neverStored) = await host.GetOrRestoreAsync(unknown);
        var (bad, wrongHash) = await host.GetOrRestoreAsync(damaged);

        Assert.Null(none);
        Assert.Equal("workspace version aaaaaaaaaaaa is not loaded on this node and was never stored", neverStored);
        Assert.Null(bad);
        Assert.StartsWith("workspace version bbbbbbbbbbbb is stored damaged (its files hash to ", wrongHash, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_EmptyWorkspace_LeavesCodeWorkflowsOfOtherNodesAlone()
    {
        await using var engine = await CodeEngine.OpenAsync();
        await engine.Storage.Organizations.CreateAsync(new OrganizationRecord("default", "Default", true, DateTimeOffset.UtcNow));
        using var publishing = new TempFolder();
        using var empty = new TempFolder();
        File.WriteAllText(Path.Combine(publishing.Path, "Onboarding.cs"), Workspaces.Contract);
        using var first = Host(publishing.Path, engine);
        await first.BuildAsync();
        await Publisher(first, engine).PublishAsync();
        Assert.NotNull(await engine.Storage.WorkflowDirectory.GetCurrentAsync("default", "onboard_user"));

        using var second = Host(empty.Path, engine);
        await second.BuildAsync();
        await Publisher(second, engine).PublishAsync();

        Assert.NotNull(await engine.Storage.WorkflowDirectory.GetCurrentAsync("default", "onboard_user"));
        Assert.NotNull(await engine.Storage.WorkspaceSources.GetAsync(first.Current!.Hash));
    }

    private static WorkspaceHost Host(string folder, CodeEngine engine) =>
        new(folder, NullLogger.Instance, store: () => engine.Storage.WorkspaceSources);

    private static WorkspacePublisher Publisher(WorkspaceHost host, CodeEngine engine) =>
        new(host, engine.Storage.Organizations, engine.Storage.WorkflowDirectory, NullLogger.Instance, TimeProvider.System);
}
