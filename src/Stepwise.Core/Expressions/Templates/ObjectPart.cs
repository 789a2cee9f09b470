using System.Text.Json.Nodes;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>An object with expressions somewhere inside; keys are literal.</summary>
internal sealed class ObjectPart(IReadOnlyList<KeyValuePair<string, TemplatePart>> members) : TemplatePart
{
    public override EvaluationResult Evaluate(EvaluationScope scope)
    {
        var obj = new JsonObject();
        foreach (var (key, member) in members)
        {
            var result = member.Evaluate(scope);
            if (result.IsError)
            {
                return result;
            }

            obj[key] = result.Value;
        }

        return EvaluationResult.Ok(obj);
    }

    public override DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError)
    {
        var fields = new Dictionary<string, DataType>(StringComparer.Ordinal);
        foreach (var (key, member) in members)
        {
            fields[key] = member.Check(scope, onError);
        }

        return DataType.ObjectOf(fields);
    }

    public override JsonNode? ToSyntaxTree()
    {
        var obj = new JsonObject();
        foreach (var (key, member) in members)
        {
            obj[key] = member.ToSyntaxTree();
        }

        return obj;
    }
}
