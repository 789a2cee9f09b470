using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Sdk;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class ValueTemplateTests
{
    private static readonly EvaluationScope Data = Scope(
        """{"n": 21, "name": "Ada", "amount": 2.5, "flag": false, "none": null, "obj": {"a": [1, "x"]}}""",
        new() { ["s1"] = """{"count": 5, "list": [1, 2]}""" });

    [Theory]
    [InlineData("\"${{ params.n }}\"", "21")]
    [InlineData("\"  ${{ params.n * 2 }}  \"", "42")]
    [InlineData("\"${{ params.flag }}\"", "false")]
    [InlineData("\"${{ params.none }}\"", "null")]
    [InlineData("\"${{ nodes.s1.output }}\"", "{\"count\":5,\"list\":[1,2]}")]
    [InlineData("\"${{ {a: {b: 1}} }}\"", "{\"a\":{\"b\":1}}")]
    [InlineData("\"${{ '}}' }}\"", "\"}}\"")]
    [InlineData("\"Hello ${{ params.name }}!\"", "\"Hello Ada!\"")]
    [InlineData("\"${{ params.n }}${{ params.amount }}\"", "\"212.5\"")]
    [InlineData("\"n=${{ params.n }}, x=${{ params.amount }}, f=${{ params.flag }}, z=${{ params.none }}.\"", "\"n=21, x=2.5, f=false, z=.\"")]
    [InlineData("\"obj: ${{ params.obj }}\"", "\"obj: {\\\"a\\\":[1,\\\"x\\\"]}\"")]
    [InlineData("\"plain text\"", "\"plain text\"")]
    [InlineData("\"costs $5 {{x}}\"", "\"costs $5 {{x}}\"")]
    [InlineData("42", "42")]
    [InlineData("null", "null")]
    [InlineData("{\"a\": \"${{ params.n }}\", \"b\": [\"${{ params.name }}\", 1, {\"c\": \"x ${{ 1 + 1 }}\"}], \"k\": true}", "{\"a\":21,\"b\":[\"Ada\",1,{\"c\":\"x 2\"}],\"k\":true}")]
    [InlineData("{\"${{ params.n }}\": 1}", "{\"${{ params.n }}\":1}")]
    public void Evaluate_Template_GivesTypedOrInterpolatedValues(string rawJson, string expected)
    {
        var template = Compile(rawJson);

        var result = template.Evaluate(Data);

        Assert.False(result.IsError, result.Error);
        Assert.Equal(expected, result.Value?.ToJsonString(Stepwise.Core.Expressions.Evaluation.JsonValues.CompactOptions) ?? "null");
    }

    [Fact]
    public void Compile_Constant_IsConstantAndEvaluatesToAFreshClone()
    {
        var raw = JsonNode.Parse("""{"a": [1, {"b": "text"}]}""");
        var template = Compile(raw);

        var first = template.Evaluate(Data).Value!;
        var second = template.Evaluate(Data).Value!;

        Assert.True(template.IsConstant);
        Assert.Empty(template.Expressions);
        Assert.Same(raw, template.Raw);
        Assert.NotSame(raw, first);
        Assert.NotSame(first, second);
        Assert.True(JsonNode.DeepEquals(raw, first));
    }

    [Fact]
    public void Evaluate_ValuesFromScope_AreClonedSoTheResultCanBeAttached()
    {
        var template = Compile("""{"x": "${{ nodes.s1.output }}", "y": "${{ nodes.s1.output.list }}", "z": ["${{ params.obj }}"]}""");

        var first = template.Evaluate(Data).Value!;
        var second = template.Evaluate(Data).Value!;
        var holder = new JsonArray(first, second);

        Assert.Equal(2, holder.Count);
        Assert.Equal("""{"count":5,"list":[1,2]}""", first["x"]!.ToJsonString());
        Assert.Same(Data.Params, Data.Params["obj"]!.Parent);
    }

    [Fact]
    public void Expressions_AreListedInDocumentOrder()
    {
        var template = Compile("""{"a": "${{ 1 }}", "b": ["x ${{ 2 }} y ${{ 3 }}"], "c": "${{ 4 }}"}""");

        Assert.False(template.IsConstant);
        Assert.Equal([" 1 ", " 2 ", " 3 ", " 4 "], template.Expressions.Select(expression => expression.Source));
    }

    [Fact]
    public void Compile_SyntaxError_ReportsTheScalarAndOffsetWithinIt()
    {
        var raw = JsonNode.Parse("""{"ok": "fine", "bad": "Hi ${{ params.n + }}"}""")!;
        var reported = new List<(JsonNode? Scalar, ExpressionError Error)>();

        var template = ValueTemplate.Compile(raw, (scalar, error) => reported.Add((scalar, error)));

        var (scalar, error) = Assert.Single(reported);
        Assert.Same(raw["bad"], scalar);
        Assert.Equal("unexpected end of expression", error.Message);
        Assert.Equal(18, error.Offset);
        Assert.StartsWith("invalid expression in 'Hi ${{ params.n + }}': unexpected end of expression", template.Evaluate(Data).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_UnclosedExpression_IsReported()
    {
        var reported = new List<ExpressionError>();

        ValueTemplate.Compile(JsonValue.Create("a ${{ params.n"), (_, error) => reported.Add(error));

        var error = Assert.Single(reported);
        Assert.Equal("unterminated expression: missing '}}'", error.Message);
        Assert.Equal(2, error.Offset);
    }

    [Fact]
    public void Check_ReportsErrorsWithOffsetsWithinTheScalar()
    {
        var raw = JsonNode.Parse("""{"x": "a ${{ count + 1 }}"}""")!;
        var template = Compile(raw);
        var reported = new List<(JsonNode? Scalar, ExpressionError Error)>();

        template.Check(Types(), (scalar, error) => reported.Add((scalar, error)));

        var (scalar, error) = Assert.Single(reported);
        Assert.Same(raw["x"], scalar);
        Assert.Equal("undefined variable 'count'", error.Message);
        Assert.Equal(6, error.Offset);
    }

    [Fact]
    public void Check_Object_TypesEachMember()
    {
        var scope = Types(@params: new() { ["n"] = DataType.Int });
        var template = Compile("""{"a": "${{ params.n }}", "b": "n=${{ params.n }}", "c": [1, 2.5], "d": ["${{ params.n }}", "x"], "e": true}""");

        var type = template.Check(scope, (_, error) => Assert.Fail(error.Message));

        Assert.Equal(DataKind.Object, type.Kind);
        Assert.Equal("int", type.Fields["a"].ToString());
        Assert.Equal("string", type.Fields["b"].ToString());
        Assert.Equal("array<number>", type.Fields["c"].ToString());
        Assert.Equal("array", type.Fields["d"].ToString());
        Assert.Equal("bool", type.Fields["e"].ToString());
    }

    [Fact]
    public void UsesSecrets_LooksInsideTheTemplate()
    {
        Assert.True(Compile("""{"headers": {"Authorization": "Bearer ${{ secrets.token }}"}}""").UsesSecrets);
        Assert.False(Compile("""{"a": "${{ params.n }}"}""").UsesSecrets);
    }

    [Fact]
    public void Evaluate_RunTimeError_IsReturned()
    {
        var template = Compile("""{"a": ["${{ 1 / 0 }}"]}""");

        Assert.Equal("division by zero in '${{ 1 / 0 }}'", template.Evaluate(Data).Error);
    }

    [Fact]
    public void ToSyntaxTree_DescribesEachPart()
    {
        var template = Compile("""{"a": "${{ 1 + 2 }}", "b": "x ${{ y }}", "c": 3}""");

        var tree = template.ToSyntaxTree()!;

        Assert.Equal("expression", (string?)tree["a"]!["kind"]);
        Assert.Equal("binary", (string?)tree["a"]!["tree"]!["kind"]);
        Assert.Equal("interpolation", (string?)tree["b"]!["kind"]);
        Assert.Equal("x ", (string?)tree["b"]!["parts"]![0]);
        Assert.Equal(3, (int?)tree["c"]);
    }

    private static ValueTemplate Compile(string rawJson) => Compile(JsonNode.Parse(rawJson));

    private static ValueTemplate Compile(JsonNode? raw) =>
        ValueTemplate.Compile(raw, (_, error) => Assert.Fail($"unexpected error: {error.Message}"));
}
