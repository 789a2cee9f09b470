using Xunit.Abstractions;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.EndToEnd.Support;

namespace Stepwise.EndToEnd.Operations;

/// <summary>
/// `stepwise db backup` of a live SQLite store while a real server takes S4-style submissions, restored into a fresh
/// folder where a new server finds every acknowledged run and finishes those that were in flight.
/// </summary>
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    /// <summary>A chain with a pause, so many runs are in flight (running, leased) when the backup is made.</summary>
    public const string PausedChain = """
        name: paused_chain
        nodes:
          - { id: s1, type: transform, with: { count: "${{ 1 }}" } }
          - { id: hold, type: delay, with: { duration: 1s } }
          - { id: s2, type: transform, with: { count: "${{ nodes.s1.output.count + 1 }}" } }
          - { id: s3, type: transform, with: { count: "${{ nodes.s2.output.count + 1 }}" } }
        output: ${{ nodes.s3.output }}
        """;

    private const int Submitters = 8;

    [Fact]
    public async Task Backup_SqliteUnderLoad_RestoredServerHasEveryAcknowledgedRunAndFinishesThoseInFlight()
    {
        using var source = new TempFolder();
        using var target = new TempFolder();
        using var scratch = new TempFolder();
        var archive = scratch.File("under-load.tar");
        var acknowledged = new ConcurrentQueue<(string Id, long At)>();
        long backupStartedAt;
        (int ExitCode, string Stdout, string Stderr) backup;
        await using (var server = await ServerInstance.StartAsync(source.Path))
        {
            using (var client = server.Client())
            {
                await client.DeployAsync(PausedChain);
            }

            using var stop = new CancellationTokenSource();
            var submitters = Enumerable.Range(0, Submitters).Select(_ => SubmitAsync(server, acknowledged, stop.Token)).ToList();
            using (var warmUp = new CancellationTokenSource(TimeSpan.FromSeconds(120)))
            {
                while (acknowledged.Count < 300)
                {
                    await Task.Delay(20, warmUp.Token);
                }
            }

            backupStartedAt = Stopwatch.GetTimestamp();
            backup = await StepwiseProcess.RunAsync(["db", "backup", archive, "--data", source.Path, "-o", "json"]);
            output.WriteLine($"backup took {Stopwatch.GetElapsedTime(backupStartedAt).TotalSeconds:F1} s while {Submitters} clients submitted");
            await stop.CancelAsync();
            await Task.WhenAll(submitters);
        }

        Assert.True(backup.ExitCode == 0, backup.Stderr);
        var manifest = JsonNode.Parse(backup.Stdout)!;
        var before = acknowledged.Where(run => run.At < backupStartedAt).Select(run => run.Id).ToList();
        Assert.True(before.Count >= 300, $"{before.Count} runs acknowledged before the backup");
        Assert.True((long)manifest["executions"]! >= before.Count, manifest.ToJsonString());
        Assert.True((long)manifest["unfinished_executions"]! > 0, "no run was in flight at backup time; the test proves nothing");

        output.WriteLine(
            $"{before.Count} runs acknowledged before the backup began, {acknowledged.Count} in all; the backup holds " +
            $"{manifest["executions"]} runs, {manifest["unfinished_executions"]} of them unfinished");
        var restore = await StepwiseProcess.RunAsync(["db", "restore", archive, "--data", target.Path]);
        Assert.True(restore.ExitCode == 0, restore.Stderr);

        await using var restored = await ServerInstance.StartAsync(target.Path);
        using var after = restored.Client();
        foreach (var id in before)
        {
            var run = await after.WaitForAsync(id, TimeSpan.FromSeconds(120), "succeeded", "failed");
            Assert.True(run.Status() == "succeeded", run.ToJsonString());
        }
    }

    private static async Task SubmitAsync(
        ServerInstance server, ConcurrentQueue<(string Id, long At)> acknowledged, CancellationToken stop)
    {
        using var client = server.Client();
        while (!stop.IsCancellationRequested)
        {
            using var response = await client.PostAsync("/api/v1/workflows/paused_chain/executions", Api.Json("{}"), CancellationToken.None);
            if (response.IsSuccessStatusCode)
            {
                // Stamped when the answer arrived: the run is durable from then on.
                var at = Stopwatch.GetTimestamp();
                acknowledged.Enqueue(((await response.ReadObjectAsync()).Id(), at));
            }
        }
    }
}
