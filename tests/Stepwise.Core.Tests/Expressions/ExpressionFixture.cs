using System.Text.Json.Nodes;
using Stepwise.Core.Expressions;
using Stepwise.Core.Tests.Support;
using Stepwise.Sdk;

namespace Stepwise.Core.Tests.Expressions;

/// <summary>Shared scopes and shortcuts for the expression tests.</summary>
internal static class ExpressionFixture
{
    public static readonly DateTimeOffset Now = new(2025, 3, 4, 5, 6, 7, 890, TimeSpan.Zero);

    public static EvaluationScope Scope(string paramsJson = "{}", Dictionary<string, string>? nodes = null) => new()
    {
        Params = JsonNode.Parse(paramsJson)!.AsObject(),
        Nodes = new NodeOutputs((nodes ?? []).ToDictionary(pair => pair.Key, pair => JsonNode.Parse(pair.Value))),
        Execution = new JsonObject { ["id"] = "ex-1", ["workflow"] = "wf", ["version"] = 3, ["started_at"] = "2025-03-04T05:00:00.000Z" },
        Org = new JsonObject { ["id"] = "org-1", ["name"] = "Acme" },
        Trigger = new JsonObject { ["type"] = "webhook", ["headers"] = new JsonObject { ["x-id"] = "7" }, ["query"] = new JsonObject() },
        Config = new Lookup(new() { ["region"] = JsonValue.Create("eu"), ["limit"] = JsonValue.Create(5) }),
        Secrets = new Lookup(new() { ["token"] = JsonValue.Create("s3cret") }),
        Time = new FakeTimeProvider(Now),
    };

    public static TypeScope Types(Dictionary<string, DataType>? @params = null, Dictionary<string, DataType>? upstream = null, string[]? allNodes = null, string? current = "current", DataType? item = null) => new()
    {
        Params = @params ?? new Dictionary<string, DataType>(),
        UpstreamOutputs = upstream ?? new Dictionary<string, DataType>(),
        AllNodes = new HashSet<string>(allNodes ?? (upstream ?? []).Keys.Append(current ?? "current")),
        CurrentNode = current,
        ItemType = item,
    };

    public static CompiledExpression Parse(string source)
    {
        var errors = new List<ExpressionError>();
        var expression = CompiledExpression.Parse(source, errors);
        Assert.True(expression is not null, $"'{source}' did not parse: {string.Join("; ", errors)}");
        Assert.Empty(errors);
        return expression!;
    }

    public static ExpressionError ParseError(string source)
    {
        var errors = new List<ExpressionError>();
        Assert.Null(CompiledExpression.Parse(source, errors));
        return Assert.Single(errors);
    }

    public static JsonNode? Eval(string source, EvaluationScope? scope = null)
    {
        var result = Parse(source).Evaluate(scope ?? Scope());
        Assert.False(result.IsError, $"'{source}' failed: {result.Error}");
        return result.Value;
    }

    /// <summary>The value as compact JSON ("null" for null), to compare kinds and values in one assert.</summary>
    public static string Json(string source, EvaluationScope? scope = null) =>
        Eval(source, scope)?.ToJsonString(Stepwise.Core.Expressions.Evaluation.JsonValues.CompactOptions) ?? "null";

    public static string EvalError(string source, EvaluationScope? scope = null)
    {
        var result = Parse(source).Evaluate(scope ?? Scope());
        Assert.True(result.IsError, $"'{source}' should fail but gave {result.Value?.ToJsonString() ?? "null"}");
        return result.Error!;
    }

    public static (DataType Type, List<ExpressionError> Errors) Check(string source, TypeScope? scope = null)
    {
        var errors = new List<ExpressionError>();
        var type = Parse(source).Check(scope ?? Types(), errors);
        return (type, errors);
    }

    public static string CheckType(string source, TypeScope? scope = null)
    {
        var (type, errors) = Check(source, scope);
        Assert.True(errors.Count == 0, $"'{source}' has errors: {string.Join("; ", errors.Select(error => error.Message))}");
        return type.ToString();
    }

    public static ExpressionError CheckError(string source, TypeScope? scope = null)
    {
        var (_, errors) = Check(source, scope);
        return Assert.Single(errors);
    }

    public sealed class NodeOutputs(Dictionary<string, JsonNode?> outputs) : INodeOutputs
    {
        public bool TryGetOutput(string nodeId, out JsonNode? output) => outputs.TryGetValue(nodeId, out output);
    }

    public sealed class Lookup(Dictionary<string, JsonNode?> values) : IValueLookup
    {
        public bool TryGet(string name, out JsonNode? value) => values.TryGetValue(name, out value);

        public IReadOnlyCollection<string> Names => values.Keys;
    }
}
