using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>A value with no expression inside: each evaluation hands out a clone.</summary>
internal sealed class ConstantPart(JsonNode? value) : TemplatePart
{
    public override EvaluationResult Evaluate(EvaluationScope scope) => EvaluationResult.Ok(value?.DeepClone());

    public override DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError) => TypeOf(value);

    public override JsonNode? ToSyntaxTree() => value?.DeepClone();

    /// <summary>The static type of a JSON value written in a definition.</summary>
    public static DataType TypeOf(JsonNode? value) => value switch
    {
        null => DataType.Null,
        JsonObject obj => DataType.ObjectOf(obj.ToDictionary(member => member.Key, member => TypeOf(member.Value), StringComparer.Ordinal)),
        JsonArray array => DataType.ArrayOf(array.Count == 0 ? DataType.Any : DataTypes.Unify(array.Select(TypeOf).ToList())),
        _ => JsonValues.KindOf(value) switch
        {
            ValueKind.Bool => DataType.Bool,
            ValueKind.Int => DataType.Int,
            ValueKind.Number => DataType.Number,
            ValueKind.String => DataType.String,
            _ => value.GetValueKind() == JsonValueKind.Null ? DataType.Null : DataType.Any,
        },
    };
}
