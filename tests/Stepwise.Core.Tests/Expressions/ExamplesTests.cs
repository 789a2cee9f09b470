using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Core.Expressions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class ExamplesTests
{
    [Fact]
    public void Examples_EveryExpression_Parses()
    {
        var files = Directory.GetFiles(Path.Combine(DocumentationTests.RepositoryRoot(), "examples"), "*.yaml", SearchOption.AllDirectories);
        var sources = files.SelectMany(file => Regex.Matches(File.ReadAllText(file), @"\$\{\{.*?\}\}").Select(match => match.Value)).ToList();

        Assert.True(sources.Count > 20, $"only {sources.Count} expressions found");
        Assert.All(sources, source => ValueTemplate.Compile(JsonValue.Create(source), (_, error) => Assert.Fail($"{source}: {error.Message}")));
    }

    [Fact]
    public void Fanout40_SumOfSquares_Is20540()
    {
        var square = Parse("item * item");
        var items = Eval("range(0, 40)")!.AsArray();
        var outputs = new JsonArray([.. items.Select((item, index) => (JsonNode)new JsonObject { ["value"] = square.Evaluate(Scope().WithItem(item, index)).Value })]);
        var scope = new EvaluationScope { Nodes = new NodeOutputs(new() { ["squares"] = outputs }) };

        Assert.Equal("20540", Json("sum(map(nodes.squares.output, x => x.value))", scope));
    }
}
