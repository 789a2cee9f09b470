using System.Text.Json.Nodes;
using Stepwise.Core.Storage;

namespace Stepwise.Storage.Tests;

public abstract partial class StoreCompliance
{
    private static NewRecord NewRecord(string id, string org = "acme", string source = "api", string category = "test", int minute = 0, JsonNode? payload = null) =>
        new(id, org, source, category, payload ?? new JsonObject { ["key"] = id }, Start.AddMinutes(minute));

    [Fact]
    public async Task RecordsCreateAsync_Batch_StoresEachPendingWithTimes()
    {
        await using var storage = await OpenStoreAsync();
        var stored = await storage.Records.CreateAsync(
            [NewRecord("r1", payload: new JsonObject { ["customer"] = new JsonObject { ["id"] = 42 } }), NewRecord("r2", minute: 1)]);

        Assert.Equal(["r1", "r2"], stored.Select(r => r.Id));
        var read = await storage.Records.GetAsync("acme", "r1");
        Assert.NotNull(read);
        Assert.Equal(RecordStatuses.Pending, read.Status);
        Assert.Equal(Start, read.CreatedAt);
        Assert.Equal(Start, read.UpdatedAt);
        Assert.Equal(0, read.Attempts);
        Stepwise.Storage.Tests.Support.Records.AssertJson(new JsonObject { ["customer"] = new JsonObject { ["id"] = 42 } }, read.Payload);
        Assert.Null(await storage.Records.GetAsync("other", "r1"));
    }

    [Fact]
    public async Task RecordsListAsync_FiltersSortsAndPagesByOffsetAndCursor()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Records.CreateAsync(
        [
            NewRecord("a", source: "api", category: "invoice", minute: 0),
            NewRecord("b", source: "email", category: "receipt", minute: 1),
            NewRecord("c", source: "api", category: "receipt", minute: 2),
            NewRecord("d", source: "api", category: "invoice", minute: 3),
            NewRecord("e", source: "email", category: "invoice", minute: 4),
            NewRecord("x", org: "other", minute: 5),
        ]);

        var newest = await storage.Records.ListAsync(new RecordListQuery("acme", 10));
        Assert.Equal(["e", "d", "c", "b", "a"], newest.Items.Select(r => r.Id));
        Assert.Null(newest.Next);

        var byCategory = await storage.Records.ListAsync(new RecordListQuery("acme", 10, RecordSortField.Category, Descending: false));
        Assert.Equal(["a", "d", "e", "b", "c"], byCategory.Items.Select(r => r.Id));

        var apiInvoices = await storage.Records.ListAsync(new RecordListQuery("acme", 10, Category: "invoice", Source: "api"));
        Assert.Equal(["d", "a"], apiInvoices.Items.Select(r => r.Id));

        var second = await storage.Records.ListAsync(new RecordListQuery("acme", 2, Offset: 2));
        Assert.Equal(["c", "b"], second.Items.Select(r => r.Id));

        foreach (var sort in Enum.GetValues<RecordSortField>())
        {
            foreach (var descending in new[] { true, false })
            {
                var all = (await storage.Records.ListAsync(new RecordListQuery("acme", 10, sort, descending))).Items.Select(r => r.Id).ToList();
                var paged = new List<string>();
                RecordCursor? after = null;
                do
                {
                    var page = await storage.Records.ListAsync(new RecordListQuery("acme", 2, sort, descending, After: after));
                    paged.AddRange(page.Items.Select(r => r.Id));
                    after = page.Next;
                }
                while (after is not null);

                Assert.Equal(all, paged);
            }
        }
    }

    [Fact]
    public async Task RecordsClaimAsync_TwoNodesAtOnce_ExactlyOneWins()
    {
        await using var first = await OpenStoreAsync();
        await using var second = await OpenStoreAsync();
        await first.Records.CreateAsync([NewRecord("r1")]);

        var claims = await Task.WhenAll(
            first.Records.ClaimAsync(new RecordClaim("acme", "r1", [RecordStatuses.Pending], "run-a", Start, Start.AddMinutes(5))),
            second.Records.ClaimAsync(new RecordClaim("acme", "r1", [RecordStatuses.Pending], "run-b", Start, Start.AddMinutes(5))));

        var winner = Assert.Single(claims, claim => claim is not null)!;
        Assert.Equal(RecordStatuses.Processing, winner.Status);
        Assert.Equal(1, winner.Attempts);
        var runs = await second.Records.ListRunsAsync("acme", "r1");
        Assert.Equal(winner.ExecutionId, Assert.Single(runs).ExecutionId);
    }

    [Fact]
    public async Task RecordsCompleteAsync_OnlyTheHoldingRunSettlesTheRecord()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Records.CreateAsync([NewRecord("r1")]);
        await storage.Records.ClaimAsync(new RecordClaim("acme", "r1", [RecordStatuses.Pending], "run-a", Start, Start.AddMinutes(5)));

        // A lapsed claim is taken over by a new run; the old run's late answer no longer counts.
        Assert.Null(await storage.Records.ClaimAsync(
            new RecordClaim("acme", "r1", [RecordStatuses.Pending], "run-b", Start.AddMinutes(1), Start.AddMinutes(6))));
        var takenOver = await storage.Records.ClaimAsync(
            new RecordClaim("acme", "r1", [RecordStatuses.Pending], "run-b", Start.AddMinutes(6), Start.AddMinutes(11)));
        Assert.NotNull(takenOver);
        Assert.Null(await storage.Records.CompleteAsync("acme", "r1", "run-a", true, new JsonObject(), null, Start.AddMinutes(7)));

        var failed = await storage.Records.CompleteAsync("acme", "r1", "run-b", false, null, "classification failed", Start.AddMinutes(7));
        Assert.NotNull(failed);
        Assert.Equal(RecordStatuses.Failed, failed.Status);
        Assert.Equal("classification failed", failed.Error);
        Assert.Equal(2, failed.Attempts);
        Assert.Equal(Start.AddMinutes(7), failed.UpdatedAt);

        // Reprocessing starts from failed (or processed), never from pending by mistake.
        var again = await storage.Records.ClaimAsync(new RecordClaim(
            "acme", "r1", [RecordStatuses.Failed, RecordStatuses.Processed], "run-c", Start.AddMinutes(8), Start.AddMinutes(13)));
        Assert.NotNull(again);
        Assert.Null(again.Error);
        var processed = await storage.Records.CompleteAsync(
            "acme", "r1", "run-c", true, new JsonObject { ["label"] = "spam" }, null, Start.AddMinutes(9));
        Assert.Equal(RecordStatuses.Processed, processed!.Status);
        Assert.Equal(["run-c", "run-b", "run-a"], (await storage.Records.ListRunsAsync("acme", "r1")).Select(r => r.ExecutionId));
        Assert.Empty(await storage.Records.ListRunsAsync("other", "r1"));
    }

    [Fact]
    public async Task RecordsSummarizeAsync_CountsByStatusCategoryAndDay()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Records.CreateAsync(
        [
            NewRecord("a", category: "invoice"), NewRecord("b", category: "invoice", minute: 60 * 24),
            NewRecord("c", category: "receipt", minute: 60 * 24 + 1), NewRecord("x", org: "other"),
        ]);
        await storage.Records.ClaimAsync(new RecordClaim("acme", "a", [RecordStatuses.Pending], "run-a", Start, Start.AddMinutes(5)));
        await storage.Records.CompleteAsync("acme", "a", "run-a", false, null, "boom", Start);

        var summary = await storage.Records.SummarizeAsync("acme", Start.AddHours(-1));

        Assert.Equal(3, summary.Total);
        Assert.Equal(new Dictionary<string, long> { ["failed"] = 1, ["pending"] = 2 }, summary.ByStatus);
        Assert.Equal(new Dictionary<string, long> { ["invoice"] = 2, ["receipt"] = 1 }, summary.ByCategory);
        Assert.Equal(["2025-03-01", "2025-03-02"], summary.PerDay.Select(d => d.Day));
        Assert.Equal([1L, 2L], summary.PerDay.Select(d => d.Total));
        Assert.Equal(2, summary.PerDay[1].ByStatus["pending"]);
    }

    [Fact]
    public async Task RecordProcessors_PutGetListDelete_PerOrganization()
    {
        await using var storage = await OpenStoreAsync();
        await storage.Records.PutProcessorAsync("acme", "invoice", "classify", false, Start);
        var replaced = await storage.Records.PutProcessorAsync("acme", "invoice", "classify-v2", true, Start.AddMinutes(1));
        await storage.Records.PutProcessorAsync("other", "invoice", "theirs", false, Start);

        Assert.Equal("classify-v2", replaced.Workflow);
        Assert.True(replaced.ProcessOnArrival);
        Assert.Equal(Start, replaced.CreatedAt);
        Assert.Equal(Start.AddMinutes(1), replaced.UpdatedAt);
        Assert.Equal("classify-v2", (await storage.Records.GetProcessorAsync("acme", "invoice"))!.Workflow);
        Assert.Single(await storage.Records.ListProcessorsAsync("acme"));
        Assert.True(await storage.Records.DeleteProcessorAsync("acme", "invoice"));
        Assert.Null(await storage.Records.GetProcessorAsync("acme", "invoice"));
        Assert.Equal("theirs", (await storage.Records.GetProcessorAsync("other", "invoice"))!.Workflow);
    }
}
