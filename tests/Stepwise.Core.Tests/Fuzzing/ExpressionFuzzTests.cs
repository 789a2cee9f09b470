using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using Stepwise.Core.Expressions;
using Stepwise.Core.Expressions.Functions;
using Stepwise.Sdk;
using Stepwise.Testing.Fuzzing;
using Xunit.Abstractions;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Fuzzing;

/// <summary>
/// The expression parser, checker and evaluator under generated expressions and templates (docs/operations.md
/// "Fuzzing"), evaluated under a small run budget: each ends in a value or an error that says something, never an
/// exception, a hang, or more memory than the budget allows. Expressions are built from the grammar (every function
/// of the library, lambdas, operators, members, indexes, object and array literals) and then some are mutated.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class ExpressionFuzzTests(ITestOutputHelper output)
{
    private const long NormalCount = 3_000;

    /// <summary>Far above what the budget below lets one evaluation allocate, far below what an unbounded one would.</summary>
    private const long MaxAllocatedBytes = 256L * 1024 * 1024;

    private static readonly EvaluationLimits Budget = new()
    {
        MaxValueBytes = 64 * 1024,
        MaxItems = 10_000,
        MaxOperations = 200_000,
        MaxDuration = TimeSpan.FromSeconds(10),
    };

    private static readonly string[] Atoms =
    [
        "params.n", "params.name", "params.items", "params.obj", "params.none", "params.missing", "params.big", "params.list",
        "nodes.s1.output", "nodes.s1?.output?.count", "nodes.gone?.output", "nodes.gone.output", "item", "index",
        "execution.id", "org", "org.name", "config.region", "config.nope", "secrets.token", "secrets.nope", "trigger.headers",
        "trigger.query", "x", "0", "1", "-1", "2.5", "1e308", "-1e308", "9223372036854775807", "-9223372036854775808",
        "4294967296", "'a'", "\"b\\n\"", "''", "'\\u00e9'", "'\\ud800'", "'%'", "'{0}'", "'\\\\'", "true", "false", "null",
        "[]", "{}", "[1, 'x', null]", "{a: 1, 'b': [2]}", "nodes", "config", "params", "range(0, 100000)", "'2025-01-01T00:00:00Z'",
        "'1h30m'", "'.*'", "'(a+)+$'", "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'",
    ];

    private static readonly string[] BinaryOperators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??"];

    private static readonly string[] Members = ["a", "b", "count", "output", "id", "x", "length", "0", "__proto__", "constructor"];

    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "?.", "?", "??", "=>", "'", "\"", "\\", "!", "-", "+", "*", "/", "%",
        "==", "<", "&&", "||", "x", "1", "1.", "e", "e999", "map(", "x =>", "${{", "}}", " ", "\u0000", "é", "\ud800", "params.",
        "nodes.", "0x", "_", "$", "#", "`",
    ];

    private static readonly string[] Functions =
        [.. FunctionLibrary.All.Select(function => function.Name).Where(name => name != "uuid"), "nope", "constructor"];

    private static readonly TypeScope Types = Stepwise.Core.Tests.Expressions.ExpressionFixture.Types(
        @params: new()
        {
            ["n"] = DataType.Int, ["name"] = DataType.String, ["items"] = DataType.ArrayOf(DataType.Int), ["obj"] = DataType.AnyObject,
            ["none"] = DataType.Any, ["big"] = DataType.String, ["list"] = DataType.ArrayOf(DataType.String),
        },
        upstream: new() { ["s1"] = DataType.Any },
        allNodes: ["s1", "gone", "current"],
        item: DataType.Any);

    private static readonly EvaluationScope Data = Budgeted(Scope(
        new JsonObject
        {
            ["n"] = 3,
            ["name"] = "Ada",
            ["items"] = new JsonArray(1, 2, 3),
            ["obj"] = JsonNode.Parse("""{"a": {"b": [1, 2]}}"""),
            ["none"] = null,
            ["big"] = new string('x', 10_000),
            ["list"] = new JsonArray([.. Enumerable.Range(0, 100).Select(i => (JsonNode)JsonValue.Create($"item {i}"))]),
        }.ToJsonString(),
        new() { ["s1"] = """{"count": 5, "list": [1, 2]}""" }));

    private static readonly Gen<string> Generated = Expression(depth: 4);

    private static readonly Gen<string> Mutated =
        Gen.Select(Generated, Gen.Select(Gen.Int[0, 2], Gen.Int[0, 1_000], Gen.OneOf(Fragments)).Array[1, 4], (source, edits) =>
        {
            var text = new StringBuilder(source);
            foreach (var (kind, at, fragment) in edits)
            {
                var position = text.Length == 0 ? 0 : at % (text.Length + 1);
                if (kind == 0 || text.Length == 0)
                {
                    text.Insert(position, fragment);
                }
                else if (kind == 1)
                {
                    position = Math.Min(position, text.Length - 1);
                    text.Remove(position, Math.Min(1 + (at % 3), text.Length - position));
                }
                else
                {
                    text[Math.Min(position, text.Length - 1)] = fragment[0];
                }
            }

            return text.ToString();
        });

    private static readonly Gen<string> Characters = Gen.String[Gen.Char["abxyz019_.,:;?!=<>&|+-*/%()[]{}'\"\\ $é\t\n"], 0, 40];

    [Fact]
    public Task Evaluate_GeneratedExpressions_GiveAValueOrAnErrorWithinTheBudget() =>
        Fuzz.RunAsync(
            output,
            "expressions",
            Gen.Frequency<string>((6, Generated), (3, Mutated), (1, Characters), (1, Gen.String[Gen.Char, 0, 40])),
            Exercise,
            NormalCount);

    [Fact]
    public void Evaluate_CancelledBeforeItStarts_IsAnErrorNotAnException()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var scope = Data.WithCancellation(cancelled.Token);

        var result = Parse("len(join(map(range(0, 1000), x => params.name), ''))").Evaluate(scope);

        Assert.True(result.IsError, result.Value?.ToJsonString());
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }

    private static void Exercise(string source)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var errors = new List<ExpressionError>();
        var expression = CompiledExpression.Parse(source, errors);
        if (expression is null)
        {
            var error = Assert.Single(errors);
            Assert.InRange(error.Offset, 0, source.Length);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
        else
        {
            expression.Check(Types, errors);
            Assert.All(errors, error => Assert.False(string.IsNullOrWhiteSpace(error.Message)));
            expression.ToSyntaxTree();
            Settle(expression.Evaluate(Data));
            Settle(expression.Evaluate(Data.WithItem(JsonNode.Parse("""{"id": 1}"""), 2)));
            Settle(expression.Evaluate(Budgeted(new EvaluationScope())));
        }

        var template = ValueTemplate.Compile(JsonValue.Create($"a ${{{{{source}}}}} b ${{{{ {source} }}}}"), (_, _) => { });
        template.Check(Types, (_, _) => { });
        template.ToSyntaxTree();
        Settle(template.Evaluate(Data));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < MaxAllocatedBytes, $"'{source}' allocated {allocated / (1024 * 1024)} MB under a 64 KB value budget");
    }

    /// <summary>A value must be attachable and serializable; an error must say something.</summary>
    private static void Settle(EvaluationResult result)
    {
        if (result.IsError)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
            return;
        }

        new JsonArray(result.Value?.DeepClone()).ToJsonString();
    }

    private static EvaluationScope Budgeted(EvaluationScope scope) => new()
    {
        Params = scope.Params,
        Nodes = scope.Nodes,
        Execution = scope.Execution,
        Org = scope.Org,
        Trigger = scope.Trigger,
        Config = scope.Config,
        Secrets = scope.Secrets,
        Time = scope.Time,
        Limits = Budget,
    };

    /// <summary>Expressions of the grammar up to <paramref name="depth"/> levels of nesting.</summary>
    private static Gen<string> Expression(int depth)
    {
        var atoms = Gen.OneOf(Atoms);
        if (depth <= 0)
        {
            return atoms;
        }

        var inner = Expression(depth - 1);
        var call = Gen.Select(Gen.OneOf(Functions), Gen.Frequency<string>((4, inner), (1, Gen.Const("x => x")), (1, Gen.Const("(v, i) => i"))).Array[0, 4],
            (name, arguments) => $"{name}({string.Join(", ", arguments)})");
        return Gen.Frequency<string>(
            (3, atoms),
            (2, Gen.Select(inner, Gen.OneOf(BinaryOperators), inner, (left, op, right) => $"{left} {op} {right}")),
            (1, inner.Select(value => $"({value})")),
            (1, Gen.Select(Gen.OneOf("!", "-", "!!", "--"), inner, (op, value) => op + value)),
            (1, Gen.Select(inner, inner, inner, (test, yes, no) => $"{test} ? {yes} : {no}")),
            (1, Gen.Select(inner, Gen.OneOf(".", "?."), Gen.OneOf(Members), (value, dot, member) => value + dot + member)),
            (1, Gen.Select(inner, inner, (value, index) => $"{value}[{index}]")),
            (1, inner.Array[0, 3].Select(items => $"[{string.Join(", ", items)}]")),
            (1, Gen.Select(inner, inner, (a, b) => $"{{k: {a}, 'j': {b}}}")),
            (3, call),
            (1, Gen.Select(Gen.OneOf("map", "filter", "find", "any", "all", "sort_by", "group_by", "sum_by"), inner, inner,
                (name, items, body) => $"{name}({items}, (v, i) => {body.Replace("x", "v", StringComparison.Ordinal)})")));
    }
}
