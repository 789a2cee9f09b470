using BenchmarkDotNet.Attributes;
using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;
using Stepwise.Core.Scheduling;
using Stepwise.Core.Storage.InMemory;

namespace Stepwise.Benchmarks;

/// <summary>
/// Whole runs of the chain10 and fanout40 examples on the in-memory store, from creating the execution to its
/// final state. Results are per step (OperationsPerInvoke): chain10 has 10 steps, fanout40 has 40 items, the
/// foreach node and the join.
/// </summary>
[MemoryDiagnoser]
public class InMemoryRunBenchmarks
{
    private ActionRegistry _actions = null!;
    private WorkflowDefinition _chain10 = null!;
    private WorkflowDefinition _fanout40 = null!;
    private WorkflowDefinition _chain10Code = null!;

    [GlobalSetup]
    public void Setup()
    {
        _actions = BuiltInActions.CreateRegistry();
        _chain10 = ExampleWorkflows.Load("chain10.yaml", _actions);
        _fanout40 = ExampleWorkflows.Load("fanout40.yaml", _actions);
        _chain10Code = CodeWorkflows.Load("chain10_code", ("Chain.cs", CodeWorkflows.Chain10)).Workflow;
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
        var store = new InMemoryStore();
        await using var engine = new WorkflowEngine(
            _actions, store, store, new InMemoryWorkflowResolver(), options: new EngineOptions { OwnerId = "bench" });
        var run = await engine.RunAsync(definition, 1, null);
        if (run.Status != Core.Storage.ExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException($"{definition.Name} ended {run.Status}: {run.Error}");
        }
    }
}
