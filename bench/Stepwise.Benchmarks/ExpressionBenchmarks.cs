using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Stepwise.Core.Expressions;

namespace Stepwise.Benchmarks;

/// <summary>Evaluating compiled expressions and templates, and the one-time cost of parsing.</summary>
[MemoryDiagnoser]
public class ExpressionBenchmarks
{
    private readonly EvaluationScope _scope = new()
    {
        Params = JsonNode.Parse("""{"n": 21, "name": "Ada", "items": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}""")!.AsObject(),
        Nodes = new Outputs(new Dictionary<string, JsonNode?>
        {
            ["s1"] = JsonNode.Parse("""{"count": 5}"""),
            ["batches"] = JsonNode.Parse("""[{"processed": 3}, {"processed": 4}, {"processed": 5}]"""),
        }),
    };

    private CompiledExpression _multiply = null!;
    private CompiledExpression _nodeOutput = null!;
    private CompiledExpression _condition = null!;
    private CompiledExpression _sumOfMap = null!;
    private ValueTemplate _interpolation = null!;
    private ValueTemplate _object = null!;

    [GlobalSetup]
    public void Setup()
    {
        _multiply = Parse("params.n * 2");
        _nodeOutput = Parse("nodes.s1.output.count + 1");
        _condition = Parse("params.n > 10 && nodes.s1?.output?.count != null");
        _sumOfMap = Parse("sum(map(nodes.batches.output, b => b.processed))");
        _interpolation = ValueTemplate.Compile(JsonValue.Create("Hello ${{ params.name }}, you have ${{ params.n }} items"), (_, error) => throw new InvalidOperationException(error.Message));
        _object = ValueTemplate.Compile(JsonNode.Parse("""{"count": "${{ nodes.s1.output.count + 1 }}", "who": "${{ params.name }}", "fixed": [1, 2]}"""), (_, error) => throw new InvalidOperationException(error.Message));
    }

    [Benchmark(Baseline = true)]
    public JsonNode? ParamsTimesTwo() => _multiply.Evaluate(_scope).Value;

    [Benchmark]
    public JsonNode? NodeOutputPlusOne() => _nodeOutput.Evaluate(_scope).Value;

    [Benchmark]
    public JsonNode? Condition() => _condition.Evaluate(_scope).Value;

    [Benchmark]
    public JsonNode? SumOfMap() => _sumOfMap.Evaluate(_scope).Value;

    [Benchmark]
    public JsonNode? InterpolatedString() => _interpolation.Evaluate(_scope).Value;

    [Benchmark]
    public JsonNode? ObjectTemplate() => _object.Evaluate(_scope).Value;

    [Benchmark]
    public CompiledExpression? ParseTypical() => CompiledExpression.Parse("nodes.s1.output.count + 1", new List<ExpressionError>());

    private static CompiledExpression Parse(string source) =>
        CompiledExpression.Parse(source, new List<ExpressionError>()) ?? throw new InvalidOperationException($"'{source}' does not parse");

    private sealed class Outputs(Dictionary<string, JsonNode?> outputs) : INodeOutputs
    {
        public bool TryGetOutput(string nodeId, out JsonNode? output) => outputs.TryGetValue(nodeId, out output);
    }
}
