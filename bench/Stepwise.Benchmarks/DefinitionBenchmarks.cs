using BenchmarkDotNet.Attributes;
using Stepwise.Core.Actions;
using Stepwise.Core.Actions.BuiltIn;
using Stepwise.Core.Definitions;

namespace Stepwise.Benchmarks;

/// <summary>
/// The one-time cost of a definition version: reading the YAML, building the model, compiling and type-checking
/// every expression. Paid once per deploy, never per run.
/// </summary>
[MemoryDiagnoser]
public class DefinitionBenchmarks
{
    private ActionRegistry _actions = null!;
    private string _chain10 = null!;
    private string _greet = null!;

    [GlobalSetup]
    public void Setup()
    {
        _actions = BuiltInActions.CreateRegistry();
        _chain10 = File.ReadAllText(ExampleWorkflows.PathOf("chain10.yaml"));
        _greet = File.ReadAllText(ExampleWorkflows.PathOf("greet.yaml"));
    }

    [Benchmark(Baseline = true)]
    public WorkflowDefinition? LoadAndCheckChain10() => WorkflowLoader.Load(_chain10, "chain10.yaml", _actions).Definition;

    [Benchmark]
    public WorkflowDefinition? LoadAndCheckGreet() => WorkflowLoader.Load(_greet, "greet.yaml", _actions).Definition;
}
