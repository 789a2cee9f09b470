using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

public class EvaluatorTests
{
    private static readonly EvaluationScope Data = Scope(
        """{"n": 21, "name": "Ada", "amount": 2.5, "flag": true, "items": [1, 2, 3], "obj": {"a": {"b": 7}}, "none": null, "big": 9223372036854775807, "whole": 2.0}""",
        new() { ["s1"] = """{"count": 5}""", ["auto"] = """{"route": "auto"}""", ["rows"] = """[{"v": 1}, {"v": 2}]""" });

    [Theory]
    [InlineData("1 + 2", "3")]
    [InlineData("7 - 10", "-3")]
    [InlineData("6 * 7", "42")]
    [InlineData("7 / 2", "3.5")]
    [InlineData("6 / 3", "2")]
    [InlineData("7 % 3", "1")]
    [InlineData("-7 % 3", "-1")]
    [InlineData("7.5 % 2", "1.5")]
    [InlineData("1 + 0.5", "1.5")]
    [InlineData("-params.n", "-21")]
    [InlineData("-params.amount", "-2.5")]
    [InlineData("params.n * 2", "42")]
    [InlineData("'a' + 'b'", "\"ab\"")]
    [InlineData("'n=' + params.n", "\"n=21\"")]
    [InlineData("params.amount + '!'", "\"2.5!\"")]
    [InlineData("'x' + null + true", "\"xtrue\"")]
    [InlineData("[1] + [2, 3]", "[1,2,3]")]
    [InlineData("params.items + params.items", "[1,2,3,1,2,3]")]
    public void Evaluate_Arithmetic_FollowsIntAndNumberRules(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Fact]
    public void Evaluate_IntResults_AreLongsAndDivisionIsDouble()
    {
        Assert.True(Eval("2 + 3", Data)!.AsValue().TryGetValue<long>(out var sum) && sum == 5);
        Assert.True(Eval("6 / 3", Data)!.AsValue().TryGetValue<double>(out var quotient) && quotient == 2.0);
    }

    [Theory]
    [InlineData("1 == 1.0", "true")]
    [InlineData("params.whole == 2", "true")]
    [InlineData("'a' == 'a'", "true")]
    [InlineData("'a' != 'A'", "true")]
    [InlineData("null == params.none", "true")]
    [InlineData("params.missing == null", "true")]
    [InlineData("[1, {a: 2}] == [1.0, {a: 2}]", "true")]
    [InlineData("{a: 1} == {a: 1, b: 2}", "false")]
    [InlineData("1 == '1'", "false")]
    [InlineData("2 < 2.5", "true")]
    [InlineData("3 <= 3", "true")]
    [InlineData("'b' > 'a'", "true")]
    [InlineData("params.n >= 22", "false")]
    [InlineData("true && false", "false")]
    [InlineData("false || true", "true")]
    [InlineData("!params.flag", "false")]
    [InlineData("!params.none", "true")]
    [InlineData("params.none || true", "true")]
    [InlineData("false && params.nope.deep", "false")]
    [InlineData("true || 1 / 0", "true")]
    [InlineData("params.flag ? 'yes' : 1 / 0", "\"yes\"")]
    [InlineData("params.none ? 1 : 2", "2")]
    public void Evaluate_ComparisonAndLogic_Works(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Theory]
    [InlineData("params.obj.a.b", "7")]
    [InlineData("params.obj['a']['b']", "7")]
    [InlineData("params.items[2]", "3")]
    [InlineData("params.name[0]", "\"A\"")]
    [InlineData("params.obj.zzz", "null")]
    [InlineData("params.missing", "null")]
    [InlineData("params.none?.x", "null")]
    [InlineData("params.none?.[0]", "null")]
    [InlineData("params.none ?? 'd'", "\"d\"")]
    [InlineData("params.n ?? 'd'", "21")]
    [InlineData("false ?? 'd'", "false")]
    [InlineData("nodes.review?.output?.route ?? nodes.auto?.output?.route", "\"auto\"")]
    [InlineData("nodes.review", "null")]
    [InlineData("nodes.s1", "{\"output\":{\"count\":5},\"status\":\"succeeded\"}")]
    [InlineData("nodes.s1.status", "\"succeeded\"")]
    [InlineData("nodes['s1'].output.count", "5")]
    [InlineData("nodes.s1.output.count + 1", "6")]
    [InlineData("execution.id + '/' + execution.version", "\"ex-1/3\"")]
    [InlineData("org.name", "\"Acme\"")]
    [InlineData("trigger.headers['x-id']", "\"7\"")]
    [InlineData("config.region", "\"eu\"")]
    [InlineData("config.limit * 2", "10")]
    [InlineData("config.nope ?? 'default'", "\"default\"")]
    [InlineData("config.region ?? 'default'", "\"eu\"")]
    [InlineData("config.nope?.deep ?? 30", "30")]
    [InlineData("config['nope'] ?? config.limit", "5")]
    [InlineData("config.nope ?? config.other ?? 'last'", "\"last\"")]
    [InlineData("has_config('region')", "true")]
    [InlineData("has_config('nope')", "false")]
    [InlineData("keys(config)", "[\"limit\",\"region\"]")]
    [InlineData("config['region']", "\"eu\"")]
    [InlineData("secrets.token", "\"s3cret\"")]
    [InlineData("[params.n, {k: params.items}]", "[21,{\"k\":[1,2,3]}]")]
    [InlineData("{'a b': 1, c: [true, null]}", "{\"a b\":1,\"c\":[true,null]}")]
    [InlineData("map(params.items, x => map(params.items, y => x * y))", "[[1,2,3],[2,4,6],[3,6,9]]")]
    [InlineData("map(params.items, (x, i) => x + i)", "[1,3,5]")]
    [InlineData("map(params.items, params => params)", "[1,2,3]")]
    [InlineData("sum(map(nodes.rows.output, r => r.v))", "3")]
    public void Evaluate_AccessAndNullHandling_Works(string source, string expected)
    {
        Assert.Equal(expected, Json(source, Data));
    }

    [Fact]
    public void Evaluate_ItemAndIndex_ComeFromTheForeachScope()
    {
        var scope = Data.WithItem(JsonNode.Parse("""{"id": 9}"""), 4);

        Assert.Equal("\"9-4\"", Json("item.id + '-' + index", scope));
    }

    [Fact]
    public void Evaluate_NodeStatus_ComesFromTheOutputs()
    {
        var scope = new EvaluationScope { Nodes = new FailedNodes() };

        Assert.Equal("\"failed\"", Json("nodes.x.status", scope));
    }

    [Theory]
    [InlineData("params.n / 0", "division by zero in '${{ params.n / 0 }}'")]
    [InlineData("1.5 / 0", "division by zero in '${{ 1.5 / 0 }}'")]
    [InlineData("params.n % 0", "division by zero in '${{ params.n % 0 }}'")]
    [InlineData("params.items[5]", "index 5 out of range (length 3) in '${{ params.items[5] }}'")]
    [InlineData("params.items[-1]", "index -1 out of range (length 3) in '${{ params.items[-1] }}'")]
    [InlineData("params.none.x", "cannot read 'x' of null in '${{ params.none.x }}'")]
    [InlineData("params.n.x", "cannot read 'x' of a value of type 'int' in '${{ params.n.x }}'")]
    [InlineData("params.none[0]", "cannot read index 0 of null in '${{ params.none[0] }}'")]
    [InlineData("params.items['a']", "cannot index 'array' with 'string' in '${{ params.items['a'] }}'")]
    [InlineData("nodes.review.output", "cannot read 'output' of null: node 'review' was skipped or has not run (use nodes.review?.output) in '${{ nodes.review.output }}'")]
    [InlineData("params.n + true", "type mismatch: cannot apply '+' to 'int' and 'bool' in '${{ params.n + true }}'")]
    [InlineData("params.name < 1", "type mismatch: cannot apply '<' to 'string' and 'int' in '${{ params.name < 1 }}'")]
    [InlineData("params.n && true", "type mismatch: '&&' needs a bool, got 'int' in '${{ params.n && true }}'")]
    [InlineData("params.name ? 1 : 2", "type mismatch: '?:' needs a bool, got 'string' in '${{ params.name ? 1 : 2 }}'")]
    [InlineData("-params.name", "type mismatch: cannot apply '-' to 'string' in '${{ -params.name }}'")]
    [InlineData("params.big + 1", "integer overflow in '${{ params.big + 1 }}'")]
    [InlineData("params.big * 2", "integer overflow in '${{ params.big * 2 }}'")]
    [InlineData("-params.big - 2", "integer overflow in '${{ -params.big - 2 }}'")]
    [InlineData("1e308 * 10", "number overflow: the result is not finite in '${{ 1e308 * 10 }}'")]
    [InlineData("count + 1", "undefined variable 'count' in '${{ count + 1 }}'")]
    [InlineData("item", "undefined variable 'item' in '${{ item }}'")]
    [InlineData("foo()", "undefined function 'foo' in '${{ foo() }}'")]
    [InlineData("len(1, 2)", "wrong number of arguments for 'len': expected 1, got 2 in '${{ len(1, 2) }}'")]
    [InlineData("params(1)", "'params' is not a function in '${{ params(1) }}'")]
    [InlineData("nodes", "'nodes' must be followed by a node id, e.g. nodes.<id>.output in '${{ nodes }}'")]
    [InlineData("map(params.items, 1)", "argument 2 of 'map' must be a lambda, e.g. map(items, x => x.name) in '${{ map(params.items, 1) }}'")]
    public void Evaluate_RunTimeProblem_IsAnErrorValueNamingTheExpression(string source, string message)
    {
        Assert.Equal(message, EvalError(source, Data));
    }

    [Fact]
    public void Evaluate_MissingConfigOrSecret_UsesOrganizationMessages()
    {
        Assert.Equal("Configuration key 'nope' not found for organization", EvalError("config.nope", Data));
        Assert.Equal("Secret 'nope' not found", EvalError("secrets.nope", Data));
        Assert.Equal("Secret 'x' not found", EvalError("secrets.x", new EvaluationScope()));
    }

    [Theory]
    [InlineData("upper(config.nope) ?? 'd'")]
    [InlineData("(config.nope + 1) ?? 2")]
    [InlineData("params.obj[config.nope] ?? 2")]
    [InlineData("secrets.nope ?? 'd'")]
    public void Evaluate_MissingConfigOutsideTheChainOfCoalesce_StillNamesTheKey(string source)
    {
        Assert.EndsWith("not found" + (source.StartsWith("secrets", StringComparison.Ordinal) ? string.Empty : " for organization"), EvalError(source, Data), StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_ErrorAboutASecret_NeverRepeatsIt()
    {
        var error = EvalError("to_int(secrets.token + '!')", Data);

        Assert.Equal("to_int: cannot convert '***!' to int in '${{ to_int(secrets.token + '!') }}'", error);
    }

    [Fact]
    public void UsesSecrets_IsTrueOnlyWhenSecretsAreRead()
    {
        Assert.True(Parse("'Bearer ' + secrets.token").UsesSecrets);
        Assert.False(Parse("map([1], secrets => secrets.token)").UsesSecrets);
        Assert.False(Parse("params.secrets").UsesSecrets);
    }

    [Fact]
    public void Evaluate_Result_IsNeverSharedWithTheScope()
    {
        var expression = Parse("params.obj");

        var first = expression.Evaluate(Data).Value!;
        var second = expression.Evaluate(Data).Value!;

        Assert.Null(first.Parent);
        Assert.NotSame(Data.Params["obj"], first);
        Assert.NotSame(first, second);
        Assert.Equal("""[{"a":{"b":7}},{"a":{"b":7}}]""", new JsonArray(first, second).ToJsonString());
        Assert.Same(Data.Params, Data.Params["obj"]!.Parent);
    }

    [Fact]
    public void Evaluate_ConstantLiteral_CanBeAttachedEveryTime()
    {
        var expression = Parse("'x'");
        var array = new JsonArray();

        for (var i = 0; i < 3; i++)
        {
            array.Add(expression.Evaluate(Data).Value);
        }

        Assert.Equal("""["x","x","x"]""", array.ToJsonString());
    }

    [Fact]
    public void Evaluate_ManyThreads_GiveTheSameAnswers()
    {
        var expression = Parse("sum(map(params.items, (x, i) => x * i)) + nodes.s1.output.count");

        var results = new long[64];
        Parallel.For(0, results.Length, i => results[i] = (long)expression.Evaluate(Data).Value!);

        Assert.All(results, result => Assert.Equal(13, result));
    }

    private sealed class FailedNodes : INodeOutputs
    {
        public bool TryGetOutput(string nodeId, out JsonNode? output)
        {
            output = new JsonObject { ["error"] = "boom" };
            return true;
        }

        public string GetStatus(string nodeId) => "failed";
    }
}
