using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage;
using Stepwise.Storage;
using Stepwise.Storage.Sqlite;

namespace Stepwise.Benchmarks;

/// <summary>
/// What a sync webhook asks of the engine, durable on SQLite (synchronous=FULL): greet.yaml created claimed and run
/// at once, 16 runs in flight (S1's connections), either written row by row (created, running, step, final state:
/// two commits waited for) or, with <see cref="RunOptions.WriteWhenFinished"/>, written once, whole, when it ends
/// (one record, one commit). Per run (OperationsPerInvoke).
/// </summary>
[MemoryDiagnoser]
public class SyncWebhookRunBenchmarks
{
    private const int InFlight = 16;

    private ActionRegistry _actions = null!;
    private ResolvedWorkflow _greet = null!;
    private string _folder = "";
    private StepwiseStorage? _storage;
    private WorkflowEngine? _engine;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _actions = BuiltInActions.CreateRegistry();
        _greet = new ResolvedWorkflow(ExampleWorkflows.Load("greet.yaml", _actions), 1);
        _folder = Path.Combine(Path.GetTempPath(), "stepwise-bench", Guid.NewGuid().ToString("N"));
        _storage = await SqliteStorage.OpenAsync(Path.Combine(_folder, "stepwise.db"), TimeProvider.System);
        _engine = new WorkflowEngine(
            _actions,
            _storage.Executions,
            _storage.Journal,
            new InMemoryWorkflowResolver(),
            options: new EngineOptions { OwnerId = "bench" });
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }

        if (_storage is not null)
        {
            await _storage.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = InFlight)]
    public Task RowByRow() => RunManyAsync(new RunOptions { RunHere = true });

    [Benchmark(OperationsPerInvoke = InFlight)]
    public Task WrittenWhole() => RunManyAsync(new RunOptions { RunHere = true, WriteWhenFinished = true });

    private Task RunManyAsync(RunOptions options) =>
        Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => RunOneAsync(options)));

    private async Task RunOneAsync(RunOptions options)
    {
        var created = await _engine!.CreateExecutionAsync(_greet, new JsonObject { ["name"] = "Ada", ["n"] = 21 }, options);
        var run = await _engine.RunCreatedAsync(created, _greet);
        if (run?.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException($"greet ended {run?.Status}: {run?.Error}");
        }
    }
}
