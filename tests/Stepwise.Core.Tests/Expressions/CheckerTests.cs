using Stepwise.Core.Expressions;
using Stepwise.Sdk;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class CheckerTests
{
    private static readonly DataType CountObject = DataType.ObjectOf(new Dictionary<string, DataType> { ["count"] = DataType.Int });

    private static readonly TypeScope Workflow = Types(
        @params: new() { ["n"] = DataType.Int, ["name"] = DataType.String, ["amount"] = DataType.Number, ["flag"] = DataType.Bool, ["items"] = DataType.ArrayOf(DataType.Int), ["data"] = DataType.AnyObject },
        upstream: new() { ["s1"] = CountObject, ["raw"] = DataType.Any, ["rows"] = DataType.ArrayOf(CountObject) },
        allNodes: ["s1", "raw", "rows", "later", "current"],
        current: "current");

    [Theory]
    [InlineData("count + 1", "undefined variable 'count'", 0, 5)]
    [InlineData("item", "undefined variable 'item'", 0, 4)]
    [InlineData("index + 1", "undefined variable 'index'", 0, 5)]
    [InlineData("params.missing", "undefined variable 'params.missing'", 0, 14)]
    [InlineData("params['missing']", "undefined variable 'params.missing'", 0, 17)]
    [InlineData("foo(1)", "undefined function 'foo'", 0, 3)]
    [InlineData("len('abc', 2)", "wrong number of arguments for 'len': expected 1, got 2", 0, 13)]
    [InlineData("sum(params.items, 2)", "wrong number of arguments for 'sum': expected 1, got 2", 0, 20)]
    [InlineData("round()", "wrong number of arguments for 'round': expected 1 to 2, got 0", 0, 7)]
    [InlineData("coalesce()", "wrong number of arguments for 'coalesce': expected at least 1, got 0", 0, 10)]
    [InlineData("params(1)", "'params' is not a function", 0, 6)]
    [InlineData("map(params.items, x => x(1))", "'x' is not a function", 23, 1)]
    [InlineData("map(params.name, x => x)", "cannot iterate over non-array type 'string'", 4, 11)]
    [InlineData("filter(params.n, x => true)", "cannot iterate over non-array type 'int'", 7, 8)]
    [InlineData("sum(params.data)", "cannot iterate over non-array type 'object'", 4, 11)]
    [InlineData("nodes.later.output", "node 'later' is not upstream of 'current'", 0, 11)]
    [InlineData("nodes.ghost.output", "undefined node 'ghost'", 0, 11)]
    [InlineData("params.n + params.flag", "type mismatch: cannot apply '+' to 'int' and 'bool'", 0, 22)]
    [InlineData("params.name * 2", "type mismatch: cannot apply '*' to 'string' and 'int'", 0, 15)]
    [InlineData("params.name < 2", "type mismatch: cannot apply '<' to 'string' and 'int'", 0, 15)]
    [InlineData("params.n && true", "type mismatch: cannot apply '&&' to 'int' and 'bool'", 0, 16)]
    [InlineData("!params.name", "type mismatch: cannot apply '!' to 'string'", 0, 12)]
    [InlineData("-params.name", "type mismatch: cannot apply '-' to 'string'", 0, 12)]
    [InlineData("params.items + 1", "type mismatch: cannot apply '+' to 'array<int>' and 'int'", 0, 16)]
    [InlineData("nodes.s1.output.total", "unknown field 'total' on 'nodes.s1.output' (known fields: count)", 16, 5)]
    [InlineData("execution.foo", "unknown field 'foo' on 'execution' (known fields: id, workflow, version, started_at)", 10, 3)]
    [InlineData("nodes.s1.output['total']", "unknown field 'total' on 'nodes.s1.output' (known fields: count)", 16, 7)]
    [InlineData("params.name.length", "cannot read field 'length' of type 'string'", 0, 18)]
    [InlineData("null.x", "cannot read 'x' of null", 0, 6)]
    [InlineData("params.items['a']", "type mismatch: cannot index 'array<int>' with 'string'", 0, 17)]
    [InlineData("upper(params.n)", "type mismatch: argument 1 of 'upper' must be string, got 'int'", 6, 8)]
    [InlineData("substring('abc', 'x')", "type mismatch: argument 2 of 'substring' must be int, got 'string'", 17, 3)]
    [InlineData("map(params.items, 1)", "argument 2 of 'map' must be a lambda, e.g. map(items, x => x.name)", 18, 1)]
    [InlineData("upper(x => x)", "argument 1 of 'upper' cannot be a lambda", 6, 6)]
    [InlineData("map(params.items, (a, b, c) => a)", "the lambda of 'map' takes 1 to 2 parameters (item, index), got 3", 18, 14)]
    [InlineData("filter(params.items, x => x + 1)", "type mismatch: the lambda of 'filter' must return bool, got 'int'", 21, 10)]
    [InlineData("sum(['a'])", "type mismatch: 'sum' needs an array of numbers, got 'array<string>'", 4, 5)]
    [InlineData("params.n ? 1 : 2", "type mismatch: the condition of '?:' must be bool, got 'int'", 0, 8)]
    [InlineData("nodes", "'nodes' must be followed by a node id, e.g. nodes.<id>.output", 0, 5)]
    [InlineData("regex_match('a', '(')", "regex_match: invalid regular expression: Invalid pattern '(' at offset 1. Not enough )'s.", 17, 3)]
    public void Check_Error_ReportsExactMessageAndSpan(string source, string message, int offset, int length)
    {
        var error = CheckError(source, Workflow);

        Assert.Equal(message, error.Message);
        Assert.Equal((offset, length), (error.Offset, error.Length));
    }

    [Fact]
    public void Check_OutputTemplate_SaysNotUpstreamWithoutCurrentNode()
    {
        var scope = Types(upstream: new() { ["a"] = DataType.Any }, allNodes: ["a", "b"], current: null);

        Assert.Equal("node 'b' is not upstream", CheckError("nodes.b.output", scope).Message);
    }

    [Fact]
    public void Check_SeveralMistakes_ReportsEach()
    {
        var (_, errors) = Check("foo(count) + params.nope", Workflow);

        Assert.Equal(
            ["undefined variable 'count'", "undefined function 'foo'", "undefined variable 'params.nope'"],
            errors.Select(error => error.Message));
    }

    [Fact]
    public void CannotIterate_IsPublicForTheValidator()
    {
        Assert.Equal("cannot iterate over non-array type 'string'", ExpressionMessages.CannotIterate(DataType.String));
    }

    [Theory]
    [InlineData("1 + 2", "int")]
    [InlineData("1 + 2.5", "number")]
    [InlineData("4 / 2", "number")]
    [InlineData("7 % 2", "int")]
    [InlineData("params.n * 2", "int")]
    [InlineData("params.amount > 100", "bool")]
    [InlineData("params.name + 1", "string")]
    [InlineData("'a' + true", "string")]
    [InlineData("nodes.raw.output.x + 1", "any")]
    [InlineData("nodes.raw.output.x / 2", "number")]
    [InlineData("nodes.s1.output.count + 1", "int")]
    [InlineData("nodes.s1.status", "string")]
    [InlineData("nodes.s1?.output?.count ?? 0", "int")]
    [InlineData("null ?? 'x'", "string")]
    [InlineData("params.flag ? 1 : 2.5", "number")]
    [InlineData("params.flag ? 'a' : 1", "any")]
    [InlineData("[1, 2]", "array<int>")]
    [InlineData("[1, 'a']", "array")]
    [InlineData("[]", "array")]
    [InlineData("{a: 1}", "object")]
    [InlineData("len(params.items)", "int")]
    [InlineData("upper(params.name)", "string")]
    [InlineData("map(params.items, x => x * 2.0)", "array<number>")]
    [InlineData("map(nodes.rows.output, (r, i) => r.count + i)", "array<int>")]
    [InlineData("filter(params.items, x => x > 1)", "array<int>")]
    [InlineData("find(params.items, x => x > 1)", "int")]
    [InlineData("sum(params.items)", "int")]
    [InlineData("sum([1.5])", "number")]
    [InlineData("sum(nodes.raw.output)", "number")]
    [InlineData("min(params.items)", "int")]
    [InlineData("max(1, 2.5)", "number")]
    [InlineData("avg(params.items)", "number")]
    [InlineData("range(3)", "array<int>")]
    [InlineData("chunk(params.items, 2)", "array<array<int>>")]
    [InlineData("keys(params.data)", "array<string>")]
    [InlineData("round(params.amount)", "int")]
    [InlineData("round(params.amount, 2)", "number")]
    [InlineData("abs(params.n)", "int")]
    [InlineData("coalesce(null, params.n)", "int")]
    [InlineData("json_parse('{}')", "any")]
    [InlineData("params.items[0]", "int")]
    [InlineData("params.name[0]", "string")]
    [InlineData("params.data.anything", "any")]
    [InlineData("trigger.whatever", "any")]
    [InlineData("execution.version", "int")]
    [InlineData("org.name", "string")]
    [InlineData("secrets.token", "string")]
    [InlineData("config.region", "any")]
    [InlineData("params.items + [4]", "array<int>")]
    public void Check_Valid_InfersType(string source, string expected)
    {
        Assert.Equal(expected, CheckType(source, Workflow));
    }

    [Fact]
    public void Check_ItemInsideForeach_HasItemType()
    {
        var scope = Types(item: DataType.ArrayOf(DataType.String));

        Assert.Equal("string", CheckType("item[index]", scope));
    }

    [Fact]
    public void Check_LambdaParameter_ShadowsRoot()
    {
        Assert.Equal("array<int>", CheckType("map(params.items, params => params + 1)", Workflow));
    }

    [Fact]
    public void Check_ObjectLiteral_TypesEachMember()
    {
        var (type, errors) = Check("{a: 1, b: 'x'}", Workflow);

        Assert.Empty(errors);
        Assert.Equal(DataKind.Int, type.Fields["a"].Kind);
        Assert.Equal(DataKind.String, type.Fields["b"].Kind);
    }
}
