using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Expressions.Functions;
using Stepwise.Sdk;
using static Stepwise.Core.Tests.Expressions.ExpressionFixture;

namespace Stepwise.Core.Tests.Expressions;

/// <summary>Thousands of generated and mutated expressions: each must end in a diagnostic or a value, never an exception.</summary>
public class FuzzTests
{
    private static readonly string[] Atoms =
    [
        "params.n", "params.name", "params.items", "params.obj", "params.none", "params.missing", "nodes.s1.output",
        "nodes.s1?.output?.count", "nodes.gone?.output", "nodes.gone.output", "item", "index", "execution.id", "org",
        "config.region", "config.nope", "secrets.token", "secrets.nope", "trigger.headers", "x", "0", "1", "-1", "2.5",
        "1e308", "9223372036854775807", "'a'", "\"b\\n\"", "''", "true", "false", "null", "[]", "{}", "[1, 'x', null]",
        "{a: 1, 'b': [2]}", "nodes", "config", "params",
    ];

    private static readonly string[] BinaryOperators = ["+", "-", "*", "/", "%", "==", "!=", "<", "<=", ">", ">=", "&&", "||", "??"];

    private static readonly string[] Fragments =
    [
        "(", ")", "[", "]", "{", "}", ",", ":", ".", "?.", "?", "??", "=>", "'", "\"", "\\", "!", "-", "+", "*", "/", "%",
        "==", "<", "&&", "||", "x", "1", "1.", "e", "map(", "x =>", "${{", "}}", " ", "\u0000", "é", "params.", "nodes.",
    ];

    private static readonly string[] Functions = [.. FunctionLibrary.All.Select(function => function.Name).Where(name => name != "uuid"), "nope"];

    private static readonly TypeScope Types = ExpressionFixture.Types(
        @params: new() { ["n"] = DataType.Int, ["name"] = DataType.String, ["items"] = DataType.ArrayOf(DataType.Int), ["obj"] = DataType.AnyObject, ["none"] = DataType.Any },
        upstream: new() { ["s1"] = DataType.Any },
        allNodes: ["s1", "gone", "current"],
        item: DataType.Any);

    private static readonly EvaluationScope Data = Scope(
        """{"n": 3, "name": "Ada", "items": [1, 2, 3], "obj": {"a": {"b": [1, 2]}}, "none": null}""",
        new() { ["s1"] = """{"count": 5, "list": [1, 2]}""" });

    [Fact]
    public void Generated_Expressions_NeverThrow()
    {
        var random = new Random(20250304);
        var parsed = 0;
        var values = 0;
        for (var i = 0; i < 3000; i++)
        {
            var outcome = Exercise(Generate(random, depth: random.Next(1, 6)));
            parsed += outcome.Parsed ? 1 : 0;
            values += outcome.Value ? 1 : 0;
        }

        Assert.True(parsed > 2500, $"only {parsed} generated expressions parsed");
        Assert.True(values > 200, $"only {values} generated expressions gave a value");
    }

    [Fact]
    public void Mutated_Expressions_NeverThrow()
    {
        var random = new Random(42);
        var failures = 0;
        for (var i = 0; i < 4000; i++)
        {
            var source = Mutate(random, Generate(random, depth: random.Next(1, 5)));
            var errors = new List<ExpressionError>();
            if (CompiledExpression.Parse(source, errors) is null)
            {
                failures++;
                Assert.All(errors, error => Assert.InRange(error.Offset, 0, source.Length));
            }

            Exercise(source);
        }

        Assert.True(failures > 500, "mutations should break many expressions");
    }

    [Fact]
    public void RandomCharacters_NeverThrow()
    {
        var random = new Random(7);
        const string alphabet = "abxyz019_.,:;?!=<>&|+-*/%()[]{}'\"\\ $é\t\n";
        for (var i = 0; i < 3000; i++)
        {
            var builder = new StringBuilder();
            var length = random.Next(0, 30);
            for (var j = 0; j < length; j++)
            {
                builder.Append(alphabet[random.Next(alphabet.Length)]);
            }

            Exercise(builder.ToString());
        }
    }

    private static (bool Parsed, bool Value) Exercise(string source)
    {
        try
        {
            var gaveValue = false;
            var errors = new List<ExpressionError>();
            var expression = CompiledExpression.Parse(source, errors);
            if (expression is null)
            {
                Assert.NotEmpty(errors);
            }
            else
            {
                expression.Check(Types, errors);
                expression.ToSyntaxTree();
                gaveValue = Settle(expression.Evaluate(Data));
                Settle(expression.Evaluate(Data.WithItem(JsonNode.Parse("""{"id": 1}"""), 2)));
                Settle(expression.Evaluate(new EvaluationScope()));
            }

            var template = ValueTemplate.Compile(JsonValue.Create($"a ${{{{{source}}}}} b ${{{{ {source} }}}}"), (_, _) => { });
            template.Check(Types, (_, _) => { });
            template.ToSyntaxTree();
            Settle(template.Evaluate(Data));
            return (expression is not null, gaveValue);
        }
        catch (Exception exception) when (exception is not Xunit.Sdk.XunitException)
        {
            Assert.Fail($"'{source}' threw {exception}");
            return default;
        }
    }

    /// <summary>A value must be attachable and serializable; an error must say something.</summary>
    private static bool Settle(EvaluationResult result)
    {
        if (result.IsError)
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Error));
            return false;
        }

        new JsonArray(result.Value).ToJsonString();
        return true;
    }

    private static string Generate(Random random, int depth)
    {
        if (depth <= 0)
        {
            return Atoms[random.Next(Atoms.Length)];
        }

        return random.Next(12) switch
        {
            0 => $"{Generate(random, depth - 1)} {BinaryOperators[random.Next(BinaryOperators.Length)]} {Generate(random, depth - 1)}",
            1 => $"({Generate(random, depth - 1)})",
            2 => $"{(random.Next(2) == 0 ? "!" : "-")}{Generate(random, depth - 1)}",
            3 => $"{Generate(random, depth - 1)} ? {Generate(random, depth - 1)} : {Generate(random, depth - 1)}",
            4 => $"{Generate(random, depth - 1)}{(random.Next(2) == 0 ? "." : "?.")}{new[] { "a", "b", "count", "output", "id", "x" }[random.Next(6)]}",
            5 => $"{Generate(random, depth - 1)}[{Generate(random, depth - 1)}]",
            6 => $"[{Generate(random, depth - 1)}, {Generate(random, depth - 1)}]",
            7 => $"{{k: {Generate(random, depth - 1)}, 'j': {Generate(random, depth - 1)}}}",
            8 or 9 => Call(random, depth),
            10 => $"{new[] { "map", "filter", "find", "any", "all" }[random.Next(5)]}({Generate(random, depth - 1)}, (v, i) => {Generate(random, depth - 1).Replace("x", "v", StringComparison.Ordinal)})",
            _ => Generate(random, depth - 1),
        };
    }

    private static string Call(Random random, int depth)
    {
        var name = Functions[random.Next(Functions.Length)];
        var count = random.Next(0, 4);
        var arguments = Enumerable.Range(0, count).Select(_ => random.Next(5) == 0 ? "x => x" : Generate(random, depth - 1));
        return $"{name}({string.Join(", ", arguments)})";
    }

    private static string Mutate(Random random, string source)
    {
        var builder = new StringBuilder(source);
        var edits = random.Next(1, 4);
        for (var i = 0; i < edits; i++)
        {
            var position = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0:
                    builder.Insert(position, Fragments[random.Next(Fragments.Length)]);
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(Math.Min(position, builder.Length - 1), Math.Min(random.Next(1, 4), builder.Length - Math.Min(position, builder.Length - 1)));
                    break;
                default:
                    if (builder.Length > 0)
                    {
                        builder[Math.Min(position, builder.Length - 1)] = Fragments[random.Next(Fragments.Length)][0];
                    }

                    break;
            }
        }

        return builder.ToString();
    }
}
