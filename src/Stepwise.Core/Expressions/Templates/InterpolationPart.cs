using System.Text;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Templates;

/// <summary>Text with expressions inside: each value is written as text (null as nothing, objects as compact JSON).</summary>
internal sealed class InterpolationPart(IReadOnlyList<(string? Text, CompiledExpression? Expression, int Offset)> pieces, JsonNode? scalar)
    : TemplatePart
{
    public override EvaluationResult Evaluate(EvaluationScope scope)
    {
        var builder = new StringBuilder();
        var hidesSecret = false;
        foreach (var (text, expression, _) in pieces)
        {
            if (expression is null)
            {
                builder.Append(text);
                continue;
            }

            var result = expression.EvaluateShared(scope);
            if (result.IsError)
            {
                return result;
            }

            var frame = new EvaluationFrame(scope, null);
            if (!BoundedText.TryToText(ref frame, result.Value, out var value) || !frame.FitsValue((long)builder.Length + value.Length))
            {
                return EvaluationResult.Fail($"{frame.Error} in '{expression}'");
            }

            builder.Append(value);
            hidesSecret = hidesSecret || scope.Taint?.HidesInText(result.Value) == true;
        }

        // A secret's piece the redactor cannot find in the text (a character, an object written as JSON) makes the
        // whole text secret.
        var interpolated = JsonValue.Create(builder.ToString());
        return hidesSecret && !scope.Taint!.TryAdd(interpolated)
            ? EvaluationResult.Fail(ExpressionBudget.TooManySecretTexts(SecretTaint.MaxTexts))
            : EvaluationResult.Ok(interpolated);
    }

    public override DataType Check(TypeScope scope, Action<JsonNode?, ExpressionError> onError)
    {
        foreach (var (_, expression, offset) in pieces)
        {
            if (expression is not null)
            {
                CheckExpression(expression, offset, scalar, scope, onError);
            }
        }

        return DataType.String;
    }

    public override JsonNode? ToSyntaxTree() => new JsonObject
    {
        ["kind"] = "interpolation",
        ["parts"] = new JsonArray([.. pieces.Select(piece => piece.Expression is null ? JsonValue.Create(piece.Text) : (JsonNode)ExpressionTree(piece.Expression))]),
    };
}
