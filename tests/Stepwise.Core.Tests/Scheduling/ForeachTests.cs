using System.Text.Json.Nodes;
using Stepwise.Core.Storage;
using Stepwise.Core.Tests.Support;
using Xunit.Abstractions;

namespace Stepwise.Core.Tests.Scheduling;

public sealed class ForeachTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RunAsync_ItemsFinishOutOfOrder_OutputsKeepItemOrder()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: ordered
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ [3, 1, 2] }}
                  max_parallel: 3
                  node:
                    type: probe
                    with: { duration: "${{ to_string(item) + 's' }}", value: "${{ index }}" }
            output: ${{ map(nodes.each.output, o => o.value) }}
            """);

        await harness.Time.WaitForTimerAsync(_ => true, "items", count: 3);
        harness.Time.Advance(TimeSpan.FromSeconds(3));

        var result = await run.WaitAsync(Limit);
        Assert.Equal(ExecutionStatus.Succeeded, result.Status);
        Assert.Equal("[0,1,2]", result.Output!.ToJsonString());
        Assert.Equal(3, harness.Probe.MaxConcurrent);
    }

    [Fact]
    public async Task RunAsync_MaxParallel_BoundsItemsInFlight()
    {
        await using var harness = new EngineHarness();
        var run = harness.StartAsync("""
            name: bounded
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 7) }}
                  max_parallel: 3
                  node: { type: probe, with: { duration: 1s, value: "${{ item }}" } }
            output: ${{ len(nodes.each.output) }}
            """);

        var t0 = harness.Time.GetUtcNow();
        foreach (var (second, expected) in new[] { (1, 3), (2, 3), (3, 1) })
        {
            var due = t0 + TimeSpan.FromSeconds(second);
            await harness.Time.WaitForTimerAsync(d => d == due, $"items at +{second}s", expected);
            harness.Time.Advance(due - harness.Time.GetUtcNow());
        }

        var result = await run.WaitAsync(Limit);
        Assert.Equal("7", result.Output!.ToJsonString());
        Assert.Equal(3, harness.Probe.MaxConcurrent);
        Assert.Equal(
            Enumerable.Range(0, 7).Select(i => $"each[{i}]"),
            (await harness.StepsAsync(result.Id)).Where(s => s.StepId.StartsWith("each[", StringComparison.Ordinal))
                .Select(s => s.StepId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ItemFails_FailsNodeNamingTheItem()
    {
        await using var harness = new EngineHarness();

        var run = await harness.RunAsync("""
            name: one_bad
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ [0, 0, 1, 0] }}
                  max_parallel: 1
                  node: { type: probe, with: { fail_times: "${{ item }}" } }
            """);

        Assert.Equal(ExecutionStatus.Failed, run.Status);
        Assert.Equal("node 'each' failed: item 2 failed: probe failed attempt 1", run.Error);
        Assert.Equal(3, harness.Probe.Calls);
    }

    [Fact]
    public async Task RunExecutionAsync_AfterRestart_DoesNotRerunCompletedItems()
    {
        await using var harness = new EngineHarness();
        using var host = new CancellationTokenSource();
        var run = harness.StartAsync("""
            name: resumable
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 4) }}
                  max_parallel: 1
                  node: { type: probe, with: { duration: "${{ item == 2 ? '2m' : '0s' }}", value: "${{ item }}" } }
            output: ${{ map(nodes.each.output, o => o.value) }}
            """, host: host.Token);
        await harness.Time.WaitForTimerAsync(d => d == harness.Time.GetUtcNow() + TimeSpan.FromMinutes(2), "item 2");
        var id = harness.Engine.ActiveExecutionIds.Single();
        await host.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(Limit));
        Assert.Equal(["each[0]", "each[1]", "each[2]"], harness.Probe.Started);

        var restarted = harness.Restart().RunExecutionAsync(id);
        await harness.Time.AdvanceWhenArmedAsync(TimeSpan.FromMinutes(2));

        var result = await restarted.WaitAsync(Limit);
        Assert.Equal((ExecutionStatus.Succeeded, null), (result!.Status, result.Error));
        Assert.Equal("[0,1,2,3]", result.Output!.ToJsonString());
        Assert.Equal(["each[0]", "each[1]", "each[2]", "each[2]", "each[3]"], harness.Probe.Started);
    }

    [Fact]
    public async Task RunAsync_HundredThousandItems_AllocatesBoundedMemoryPerItem()
    {
        await using var harness = new EngineHarness();
        var definition = harness.Load("""
            name: huge
            nodes:
              - id: each
                type: foreach
                with:
                  items: ${{ range(0, 100000) }}
                  max_parallel: 16
                  node: { type: transform, with: { v: "${{ item }}" } }
            output: ${{ len(nodes.each.output) }}
            """);
        harness.Workflows.Add(definition);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        var result = await harness.Engine.RunAsync(definition, 1, null).WaitAsync(Limit);

        var allocatedPerItem = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 100_000;
        var retainedPerItem = (GC.GetTotalMemory(forceFullCollection: true) - before) / 100_000;
        output.WriteLine($"foreach 100000: retained {retainedPerItem} B/item, allocated {allocatedPerItem} B/item");
        Assert.Equal("100000", result.Output!.ToJsonString());
        // Retained: the store's records of each item (input, output, step) plus the node's output array; no per-item
        // task or closure survives. Allocated: evaluation and records, with no per-item growth of engine state.
        Assert.True(retainedPerItem < 2_000, $"retained {retainedPerItem} bytes per item");
        Assert.True(allocatedPerItem < 12_000, $"allocated {allocatedPerItem} bytes per item");
        GC.KeepAlive(harness.Store);
    }
}
