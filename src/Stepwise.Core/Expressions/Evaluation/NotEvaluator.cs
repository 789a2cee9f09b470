using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>!operand</c>; null counts as false.</summary>
internal sealed class NotEvaluator(Evaluator operand) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var value = operand.Evaluate(ref frame);
        if (frame.Failed || !Truth.TryRead(ref frame, value, "!", out var flag))
        {
            return null;
        }

        return flag ? JsonValues.False : JsonValues.True;
    }
}
