using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class SmokeTests
{
    [Theory]
    [InlineData("1 + 2 * 3", "7")]
    [InlineData("params.n * 2", "42")]
    [InlineData("nodes.s1.output.count + 1", "6")]
    [InlineData("sum(map(nodes.b.output, b => b.processed))", "6")]
    [InlineData("nodes.review?.output?.route ?? nodes.auto?.output?.route", "\"auto\"")]
    [InlineData("range(0, 3)", "[0,1,2]")]
    [InlineData("chunk(range(5), 2)", "[[0,1],[2,3],[4]]")]
    public void Evaluate_Common_Works(string source, string expected)
    {
        var scope = Scope("{\"n\": 21}", new() { ["s1"] = "{\"count\": 5}", ["b"] = "[{\"processed\":1},{\"processed\":5}]", ["auto"] = "{\"route\":\"auto\"}" });
        Assert.Equal(expected, Json(source, scope));
    }
}
