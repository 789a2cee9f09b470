using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>An array with expressions somewhere inside.</summary>
internal sealed class ArrayPart(IReadOnlyList<TemplatePart> items) : TemplatePart
{
    public override EvaluationResult Evaluate(EvaluationScope scope)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            var result = item.Evaluate(scope);
            if (result.IsError)
            {
                return result;
            }

            array.Add(result.Value);
        }

        return EvaluationResult.Ok(array);
    }

    public override DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError)
    {
        var types = items.Select(item => item.Check(scope, onError)).ToList();
        return DataType.ArrayOf(types.Count == 0 ? DataType.Any : DataTypes.Unify(types));
    }

    public override JsonNode? ToSyntaxTree() => new JsonArray([.. items.Select(item => item.ToSyntaxTree())]);
}
