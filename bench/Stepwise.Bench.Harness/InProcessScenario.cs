using System.Diagnostics;
using System.Text.Json.Nodes;
using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Core.Storage.InMemory;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Bench.Harness;

/// <summary>
/// S2 in process: whole chain10 runs through the engine with no HTTP. In memory, one run at a time (the engine's
/// own cost per step); durable on a SQLite file (WAL, synchronous=FULL) one at a time and with 16 runs in flight,
/// as a server runs them, so that they share the journal's group commits.
/// </summary>
internal sealed class InProcessScenario(HarnessOptions options, string workFolder)
{
    private const int StepsPerRun = 10;

    public async Task<JsonObject> RunAsync()
    {
        Console.WriteLine("-- S2_inproc: chain10 through the engine, in memory and on SQLite");
        var actions = BuiltInActions.CreateRegistry();
        var path = options.Example("chain10.yaml");
        var loaded = WorkflowLoader.Load(await File.ReadAllTextAsync(path).ConfigureAwait(false), path, actions);
        var chain10 = loaded.Definition ?? throw new InvalidOperationException(string.Join("\n", loaded.Diagnostics));
        var memory = new List<double>();
        var memoryCpu = new List<double>();
        var durableCpu = new List<double>();
        var durableSerial = new List<double>();
        var durable16 = new List<double>();
        await InMemoryRunsAsync(actions, chain10, 1).ConfigureAwait(false);
        for (var run = 0; run < options.Runs; run++)
        {
            var (perSecond, cpu) = await InMemoryRunsAsync(actions, chain10, options.InProcessSeconds).ConfigureAwait(false);
            memory.Add(perSecond);
            memoryCpu.Add(cpu);
            durableSerial.Add((await DurableRunsAsync(actions, chain10, 1, run).ConfigureAwait(false)).RunsPerSecond);
            (perSecond, cpu) = await DurableRunsAsync(actions, chain10, 16, run).ConfigureAwait(false);
            durable16.Add(perSecond);
            durableCpu.Add(cpu);
            Console.WriteLine(
                $"   run {run + 1}: in memory {memory[^1]:F0} runs/s, SQLite {durableSerial[^1]:F0} runs/s one at a time," +
                $" {durable16[^1]:F0} runs/s with 16 in flight; CPU per step {memoryCpu[^1]:F1} us in memory, {durableCpu[^1]:F1} us durable");
        }

        return new JsonObject
        {
            ["rps"] = Figure.Of(memory, 0),
            ["us_per_step"] = Figure.Of([.. memory.Select(PerStepUs)]),
            ["cpu_us_per_step"] = Figure.Of(memoryCpu),
            ["cpu_us_per_step_durable"] = Figure.Of(durableCpu),
            ["durable_rps"] = Figure.Of(durable16, 0),
            ["us_per_step_durable"] = Figure.Of([.. durable16.Select(PerStepUs)]),
            ["durable_serial_rps"] = Figure.Of(durableSerial, 0),
            ["us_per_step_durable_serial"] = Figure.Of([.. durableSerial.Select(PerStepUs)]),
        };
    }

    private static double PerStepUs(double runsPerSecond) => 1e6 / runsPerSecond / StepsPerRun;

    private static async Task<(double RunsPerSecond, double CpuUsPerStep)> InMemoryRunsAsync(
        ActionRegistry actions, WorkflowDefinition chain10, int seconds)
    {
        // A fresh store per run, as InMemoryRunBenchmarks does: one store keeping every run would measure a growing
        // heap's garbage collections rather than the engine.
        return await TimedAsync(seconds, 1, async () =>
        {
            var store = new InMemoryStore();
            await using var engine = new WorkflowEngine(
                actions, store, store, new InMemoryWorkflowResolver(), options: new EngineOptions { OwnerId = "bench" });
            return await engine.RunAsync(chain10, 1, null).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task<(double RunsPerSecond, double CpuUsPerStep)> DurableRunsAsync(
        ActionRegistry actions, WorkflowDefinition chain10, int inFlight, int run)
    {
        var folder = Path.Combine(workFolder, $"inproc-{inFlight}-{run}");
        var storage = await SqliteStorage.OpenAsync(Path.Combine(folder, "stepwise.db"), TimeProvider.System).ConfigureAwait(false);
        await using (storage.ConfigureAwait(false))
        {
            await using var engine = new WorkflowEngine(
                actions, storage.Executions, storage.Journal, new InMemoryWorkflowResolver(),
                options: new EngineOptions { OwnerId = "bench" });
            for (var warmup = 0; warmup < 50; warmup++)
            {
                Succeeded(await engine.RunAsync(chain10, 1, null).ConfigureAwait(false));
            }

            return await TimedAsync(options.InProcessSeconds, inFlight, () => engine.RunAsync(chain10, 1, null)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Runs chain10 in <paramref name="inFlight"/> loops for <paramref name="seconds"/>: runs per second, and the
    /// process's CPU time per step over that time, which is what the work costs whatever else the machine is doing.
    /// </summary>
    private static async Task<(double RunsPerSecond, double CpuUsPerStep)> TimedAsync(
        int seconds, int inFlight, Func<Task<ExecutionRecord>> runOnce)
    {
        using var self = Process.GetCurrentProcess();
        var cpuBefore = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var loops = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (clock.Elapsed.TotalSeconds < seconds)
            {
                Succeeded(await runOnce().ConfigureAwait(false));
                Interlocked.Increment(ref runs);
            }
        });
        await Task.WhenAll(loops).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalSeconds;
        self.Refresh();
        return (runs / elapsed, (self.TotalProcessorTime - cpuBefore).TotalMicroseconds / ((double)runs * StepsPerRun));
    }

    private static void Succeeded(ExecutionRecord run)
    {
        if (run.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException($"chain10 ended {run.Status}: {run.Error}");
        }
    }
}
