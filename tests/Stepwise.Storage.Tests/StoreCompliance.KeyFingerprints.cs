namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    [PostgresFact]
    public async Task KeyFingerprints_RecordFirst_KeepsTheFirstUntilSetAndIsDurable()
    {
        await using (var storage = await OpenStoreAsync())
        {
            Assert.Null(await storage.KeyFingerprints.GetAsync("master_key"));

            Assert.Equal("aaa", await storage.KeyFingerprints.RecordFirstAsync("master_key", "aaa", Start));
            Assert.Equal("aaa", await storage.KeyFingerprints.RecordFirstAsync("master_key", "bbb", Start.AddMinutes(1)));
            Assert.Equal("ccc", await storage.KeyFingerprints.RecordFirstAsync("jwt_signing_key", "ccc", Start));
        }

        await using var reopened = await OpenStoreAsync();
        Assert.Equal("aaa", await reopened.KeyFingerprints.GetAsync("master_key"));
        await reopened.KeyFingerprints.SetAsync("master_key", "ddd", Start.AddMinutes(2));
        Assert.Equal("ddd", await reopened.KeyFingerprints.GetAsync("master_key"));
        Assert.Equal("ddd", await reopened.KeyFingerprints.RecordFirstAsync("master_key", "eee", Start.AddMinutes(3)));
        Assert.Equal("ccc", await reopened.KeyFingerprints.GetAsync("jwt_signing_key"));
    }

    [PostgresFact]
    public async Task KeyFingerprints_TwoNodesRecordAtOnce_BothGetTheSameOne()
    {
        await using var first = await OpenStoreAsync();
        await using var second = await OpenStoreAsync();

        var recorded = await Task.WhenAll(
            first.KeyFingerprints.RecordFirstAsync("master_key", "from-first", Start),
            second.KeyFingerprints.RecordFirstAsync("master_key", "from-second", Start));

        Assert.Equal(recorded[0], recorded[1]);
        Assert.Contains(recorded[0], new[] { "from-first", "from-second" });
    }
}
