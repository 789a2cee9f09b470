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
/// The same whole runs as <see cref="InMemoryRunBenchmarks"/>, durable on a SQLite file in a temp folder: creating
/// the execution, claiming it, every step through the real journal (group commit, synchronous=FULL), the final state
/// committed before the run returns, and the release. One store and one engine serve every run, as in a process.
/// Results are per step (OperationsPerInvoke), so the per-run commits are spread over the run's steps.
/// </summary>
[MemoryDiagnoser]
public class SqliteRunBenchmarks
{
    private ActionRegistry _actions = null!;
    private WorkflowDefinition _chain10 = null!;
    private WorkflowDefinition _fanout40 = null!;
    private WorkflowDefinition _chain10Code = null!;
    private string _folder = "";
    private StepwiseStorage? _storage;
    private WorkflowEngine? _engine;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _actions = BuiltInActions.CreateRegistry();
        _chain10 = ExampleWorkflows.Load("chain10.yaml", _actions);
        _fanout40 = ExampleWorkflows.Load("fanout40.yaml", _actions);
        _chain10Code = CodeWorkflows.Load("chain10_code", ("Chain.cs", CodeWorkflows.Chain10)).Workflow;
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

    [Benchmark(Baseline = true, OperationsPerInvoke = 10)]
    public Task Chain10() => RunAsync(_chain10);

    [Benchmark(OperationsPerInvoke = 42)]
    public Task Fanout40() => RunAsync(_fanout40);

    /// <summary>chain10 as ten <c>StepAsync</c> steps of a C# workflow: issue 14 asks for at most 2x Chain10 per step.</summary>
    [Benchmark(OperationsPerInvoke = 10)]
    public Task Chain10Code() => RunAsync(_chain10Code);

    private async Task RunAsync(WorkflowDefinition definition)
    {
        var run = await _engine!.RunAsync(definition, 1, null);
        if (run.Status != ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException($"{definition.Name} ended {run.Status}: {run.Error}");
        }
    }
}
