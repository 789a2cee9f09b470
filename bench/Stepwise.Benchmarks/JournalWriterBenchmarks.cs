using BenchmarkDotNet.Attributes;
using Stepwise.Core.Storage;
using Stepwise.Storage;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Benchmarks;

/// <summary>
/// 10,000 step results written through the SQLite journal by 16 concurrent writers (one per run), as the engine
/// does when many runs progress at once. Times are per step. <c>AwaitEachStep</c> waits for every write to be
/// durable before the next (the strictest engine behaviour); <c>AwaitAtEnd</c> lets each writer run ahead and waits
/// once, as the engine may for steps that do not talk to the outside world.
/// </summary>
[MemoryDiagnoser]
public class JournalWriterBenchmarks
{
    private const int Writers = 16;
    private const int StepsPerWriter = 625;
    private const int Steps = Writers * StepsPerWriter;

    private readonly DateTimeOffset startedAt = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private string folder = "";
    private StepwiseStorage? storage;
    private int round;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        folder = Path.Combine(Path.GetTempPath(), "stepwise-bench", Guid.NewGuid().ToString("N"));
        storage = await SqliteStorage.OpenAsync(Path.Combine(folder, "stepwise.db"), TimeProvider.System);
        for (var writer = 0; writer < Writers; writer++)
        {
            await storage.Executions.CreateExecutionAsync(new ExecutionRecord(
                $"run-{writer}", "default", "bench", 1, ExecutionStatus.Running, 0, [], null, null, null, null,
                startedAt, startedAt, null));
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (storage is not null)
        {
            await storage.DisposeAsync();
        }

        Directory.Delete(folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Steps)]
    public Task AwaitEachStep()
    {
        var prefix = NextPrefix();
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            for (var step = 0; step < StepsPerWriter; step++)
            {
                await storage!.Journal.AppendAsync(Step(writer, prefix, step));
            }
        })));
    }

    [Benchmark(OperationsPerInvoke = Steps)]
    public Task AwaitAtEnd()
    {
        var prefix = NextPrefix();
        return Task.WhenAll(Enumerable.Range(0, Writers).Select(writer => Task.Run(async () =>
        {
            var pending = new ValueTask[StepsPerWriter];
            for (var step = 0; step < StepsPerWriter; step++)
            {
                pending[step] = storage!.Journal.AppendAsync(Step(writer, prefix, step));
            }

            foreach (var append in pending)
            {
                await append;
            }
        })));
    }

    private string NextPrefix() => $"r{Interlocked.Increment(ref round)}-";

    private StepWritten Step(int writer, string prefix, int step) => new(new StepRecord(
        $"run-{writer}", prefix + step, "node", 1, StepStatus.Succeeded, null, null, null, startedAt,
        startedAt, null));
}
