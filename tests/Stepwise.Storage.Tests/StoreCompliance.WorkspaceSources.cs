using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [Fact]
    public async Task WorkspaceSources_SavedTwice_KeepsTheFirstAndReadsBackEveryFile()
    {
        await using var storage = await OpenStoreAsync();
        var hash = new string('c', 64);
        WorkspaceSourceFile[] files =
        [
            new("A.cs", "public static class A { } // ünïcode and 'quotes'"),
            new("sub/B.cs", "public static class B\n{\n}\n"),
        ];

        await storage.WorkspaceSources.SaveAsync(hash, files, Time.GetUtcNow());
        await storage.WorkspaceSources.SaveAsync(hash, [new("Other.cs", "x")], Time.GetUtcNow());

        Assert.Equal(files, await storage.WorkspaceSources.GetAsync(hash));
        Assert.Null(await storage.WorkspaceSources.GetAsync(new string('d', 64)));
    }
}
