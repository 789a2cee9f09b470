using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>-operand</c> for ints and numbers.</summary>
internal sealed class NegateEvaluator(Evaluator operand) : Evaluator(isFresh: true)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var value = operand.Evaluate(ref frame);
        if (frame.Failed)
        {
            return null;
        }

        var result = Negate(ref frame, value);
        return result is not null && frame.Scope.Taint is { IsEmpty: false } taint && taint.Touches(value) ? frame.Taint(result) : result;
    }

    private static JsonNode? Negate(ref EvaluationFrame frame, JsonNode? value)
    {
        switch (JsonValues.ReadNumeric(value, out var integer, out var number))
        {
            case ValueKind.Int:
                return integer == long.MinValue ? frame.Fail("integer overflow") : JsonValue.Create(-integer);
            case ValueKind.Number:
                return JsonValue.Create(-number);
            default:
                return frame.Fail($"type mismatch: cannot apply '-' to '{JsonValues.KindName(value)}'");
        }
    }
}
