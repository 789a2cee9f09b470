using System.Net;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Stepwise.Core.Storage;
using Stepwise.Hosting.Diagnostics;
using Stepwise.Server.Tests.Support;

namespace Stepwise.Server.Tests.Diagnostics;

/// <summary>
/// /debug/profile/cpu, /debug/profile/heap and /debug/threads profile the process the test server runs in (this
/// one), so the tests plant what each must find: a thread spinning in a named method, objects of a type of their
/// own, a thread blocked in a named method. Each file is read back by TraceEvent or parsed as the tools do.
/// </summary>
[Collection(RuntimeProfileCollection.Name)]
public sealed class ProfileEndpointTests : IClassFixture<ServerFactory>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    private readonly ServerFactory factory;

    public ProfileEndpointTests(ServerFactory factory) => this.factory = factory;

    [Fact]
    public async Task Cpu_Speedscope_ParsesWithProfilesAndFramesOfTheBusyThread()
    {
        using var stop = new CancellationTokenSource();
        var spinner = new Thread(() => SpinForTheCpuProfile(stop.Token)) { IsBackground = true, Name = "cpu-probe" };
        spinner.Start();
        using var client = Client();

        using var response = await client.GetAsync("/debug/profile/cpu?seconds=2");
        await stop.CancelAsync();

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".speedscope.json", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var profile = JsonNode.Parse(text)!.AsObject();
        Assert.Equal("https://www.speedscope.app/file-format-schema.json", profile["$schema"]!.GetValue<string>());
        var frames = profile["shared"]!["frames"]!.AsArray();
        Assert.NotEmpty(profile["profiles"]!.AsArray());
        Assert.Contains(frames, frame => frame!["name"]!.GetValue<string>().Contains(nameof(SpinForTheCpuProfile), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cpu_Nettrace_IsATraceTraceEventReadsWithSamples()
    {
        using var client = Client();

        using var response = await client.GetAsync("/debug/profile/cpu?seconds=1&format=nettrace");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var folder = new TempFolder();
        var path = folder.File("cpu.nettrace");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        var samples = 0;
        using (var source = new EventPipeEventSource(path))
        {
            source.Dynamic.All += data =>
            {
                if (data.ProviderName == "Microsoft-DotNETCore-SampleProfiler")
                {
                    samples++;
                }
            };
            source.Process();
        }

        Assert.True(samples > 0, "no CPU samples in the trace");
    }

    [Fact]
    public async Task Heap_Summary_CountsTheObjectsOfAPlantedType()
    {
        var planted = Enumerable.Range(0, 5000).Select(i => new HeapProbe(i)).ToList();
        using var client = Client();

        // By name: in a test process holding many servers, thousands of types outweigh the probe's 120 KB.
        using var response = await client.GetAsync($"/debug/profile/heap?type={nameof(HeapProbe).ToLowerInvariant()}");

        var summary = await response.ReadObjectAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, summary.ToJsonString());
        Assert.True(summary["objects"]!.GetValue<long>() >= planted.Count);
        Assert.True(summary["bytes"]!.GetValue<long>() > 0);
        Assert.Equal("heapprobe", summary["type_filter"]!.GetValue<string>());
        Assert.True(summary["type_count"]!.GetValue<int>() > 1, "type_count counts the whole heap's types");
        var types = summary["top_types"]!.AsArray();
        Assert.All(types, type => Assert.Contains("HeapProbe", type!["type"]!.GetValue<string>(), StringComparison.Ordinal));
        // The runtime names a nested type by its own name.
        var probe = types.SingleOrDefault(type => type!["type"]!.GetValue<string>() == nameof(HeapProbe));
        Assert.True(probe is not null, string.Join("\n", types.Take(40).Select(type => type!.ToJsonString())));
        Assert.True(probe!["count"]!.GetValue<long>() >= planted.Count, probe.ToJsonString());
        Assert.True(probe["bytes"]!.GetValue<long>() >= planted.Count * 24L, probe.ToJsonString());
        GC.KeepAlive(planted);
    }

    [Fact]
    public async Task Heap_Nettrace_HoldsTheHeapSnapshotEventsTraceEventReads()
    {
        using var client = Client();

        using var response = await client.GetAsync("/debug/profile/heap?format=nettrace");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var folder = new TempFolder();
        var path = folder.File("heap.nettrace");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        long nodes = 0;
        var types = 0;
        using (var source = new EventPipeEventSource(path))
        {
            source.Clr.GCBulkNode += data => nodes += data.Count;
            source.Clr.TypeBulkType += data => types += data.Count;
            source.Process();
        }

        Assert.True(nodes > 0, "no heap nodes in the snapshot");
        Assert.True(types > 0, "no type names in the snapshot");
    }

    [Fact]
    public async Task Heap_BufferTooSmallForTheHeap_RefusesWithTheLostEventsNotWrongCounts()
    {
        using var folder = new TempFolder();
        var planted = Enumerable.Range(0, 200_000).Select(i => new HeapProbe(i)).ToList();

        var incomplete = await Assert.ThrowsAsync<HeapSnapshotIncompleteException>(() => HeapSnapshot.CaptureAsync(
            folder.File("heap.nettrace"), 10, null, TimeProvider.System, CancellationToken.None, bufferMB: 1));

        GC.KeepAlive(planted);
        Assert.Contains("lost", incomplete.Message, StringComparison.Ordinal);
        Assert.Contains("outgrew the 1 MB session buffer", incomplete.Message, StringComparison.Ordinal);
        Assert.Contains($"dotnet-gcdump collect -p {Environment.ProcessId}", incomplete.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0L, 256)]
    [InlineData(100L << 20, 256)]
    [InlineData(1L << 30, 2048)]
    [InlineData(64L << 30, 4096)]
    public void Heap_SessionBuffer_IsTwiceTheHeapWithinItsBounds(long heapBytes, int expectedMB) =>
        Assert.Equal(expectedMB, HeapSnapshot.BufferMB(heapBytes));

    [Fact]
    public async Task Heap_Nettrace_DotnetGcdumpConvertsItAndReportsThePlantedType()
    {
        var planted = Enumerable.Range(0, 3000).Select(i => new HeapProbe(i)).ToList();
        using var client = Client();
        using var response = await client.GetAsync("/debug/profile/heap?format=nettrace");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var folder = new TempFolder();
        var trace = folder.File("heap.nettrace");
        await File.WriteAllBytesAsync(trace, await response.Content.ReadAsByteArrayAsync());
        GC.KeepAlive(planted);

        var convert = await GcDumpTool.RunAsync("convert", trace, "-o", folder.File("heap.gcdump"));
        var report = await GcDumpTool.RunAsync("report", folder.File("heap.gcdump"));

        Assert.True(convert.ExitCode == 0, convert.Output);
        Assert.True(File.Exists(folder.File("heap.gcdump")), convert.Output);
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Contains(nameof(HeapProbe), report.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Threads_ListsTheStackOfAThreadBlockedInAKnownMethod()
    {
        using var release = new ManualResetEventSlim();
        var blocked = new Thread(() => WaitInAMethodTheThreadDumpMustShow(release)) { IsBackground = true, Name = "dump-probe" };
        blocked.Start();
        using var client = Client();

        using var response = await client.GetAsync("/debug/threads");
        release.Set();

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Managed threads of process ", text, StringComparison.Ordinal);
        Assert.Contains(nameof(WaitInAMethodTheThreadDumpMustShow), text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/debug/profile/cpu?seconds=1")]
    [InlineData("/debug/profile/heap")]
    [InlineData("/debug/threads")]
    public async Task Profiles_NonAdminKey_403(string path)
    {
        var key = await factory.CreateKeyAsync("default", ApiKeyRole.Developer);
        using var client = factory.Client(key);

        using var response = await client.GetAsync(path);

        await Envelope.AssertErrorAsync(response, 403, "FORBIDDEN");
    }

    [Theory]
    [InlineData("/debug/profile/cpu?seconds=0", "seconds")]
    [InlineData("/debug/profile/cpu?seconds=61", "seconds")]
    [InlineData("/debug/profile/cpu?seconds=ten", "seconds")]
    [InlineData("/debug/profile/cpu?format=pprof", "format")]
    [InlineData("/debug/profile/heap?format=gcdump2", "format")]
    [InlineData("/debug/profile/heap?top=0", "top")]
    [InlineData("/debug/profile/heap?type=", "type")]
    [InlineData("/debug/profile/heap?type=%01", "type")]
    [InlineData("/debug/profile/cpu?duration=5", "duration")]
    public async Task Profiles_BadParameter_422NamingIt(string path, string parameter)
    {
        using var client = Client();

        using var response = await client.GetAsync(path);

        var error = await Envelope.AssertErrorAsync(response, 422, "VALIDATION_ERROR");
        Assert.Contains($"'{parameter}'", Envelope.Message(error), StringComparison.Ordinal);
        Assert.Equal(parameter, error["details"]!["parameter"]!.GetValue<string>());
    }

    [Fact]
    public async Task Profiles_WhileACpuProfileRuns_OthersAre409AndTheServerStillAnswers()
    {
        var profiler = factory.Services.GetRequiredService<RuntimeProfiler>();
        using var client = Client();
        var running = client.GetAsync("/debug/profile/cpu?seconds=4");
        await PollAsync(() => profiler.Running == "cpu");

        using var threads = await client.GetAsync("/debug/threads");
        using var heap = await client.GetAsync("/debug/profile/heap");
        using var live = await client.GetAsync("/health/live");
        var stillRunning = profiler.Running;
        using var first = await running;

        var error = await Envelope.AssertErrorAsync(threads, 409, "CONFLICT");
        Assert.Contains("A cpu profile is running on this node", Envelope.Message(error), StringComparison.Ordinal);
        await Envelope.AssertErrorAsync(heap, 409, "CONFLICT");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("cpu", stillRunning);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Null(profiler.Running);
    }

    [Fact]
    public async Task Profiles_AreAudited()
    {
        using var client = Client();
        using (var dump = await client.GetAsync("/debug/threads"))
        {
            Assert.Equal(HttpStatusCode.OK, dump.StatusCode);
        }

        var audit = await (await client.GetAsync("/api/v1/audit?action=profile.threads")).ReadObjectAsync();

        Assert.Contains(audit["items"]!.AsArray(), entry => entry!["resource_id"]?.GetValue<string>() == "threads");
    }

    private HttpClient Client()
    {
        var client = factory.Client();
        client.Timeout = Patience;
        return client;
    }

    private static async Task PollAsync(Func<bool> condition)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!condition())
        {
            Assert.True(System.Diagnostics.Stopwatch.GetElapsedTime(started) < Patience, "the condition did not hold in time");
            await Task.Delay(20);
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void SpinForTheCpuProfile(CancellationToken stop)
    {
        var x = 0L;
        while (!stop.IsCancellationRequested)
        {
            x = unchecked((x * 31) + 7);
        }

        GC.KeepAlive(x);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitInAMethodTheThreadDumpMustShow(ManualResetEventSlim release) => release.Wait(Patience);

    private sealed class HeapProbe(int value)
    {
        public int Value { get; } = value;
    }
}
