using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>&amp;&amp;</c> and <c>||</c>, short-circuiting; null counts as false.</summary>
internal sealed class LogicalEvaluator(Evaluator left, Evaluator right, bool isAnd) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var op = isAnd ? "&&" : "||";
        var first = left.Evaluate(ref frame);
        if (frame.Failed || !Truth.TryRead(ref frame, first, op, out var flag))
        {
            return null;
        }

        if (flag != isAnd)
        {
            return flag ? JsonValues.True : JsonValues.False;
        }

        var second = right.Evaluate(ref frame);
        if (frame.Failed || !Truth.TryRead(ref frame, second, op, out flag))
        {
            return null;
        }

        return flag ? JsonValues.True : JsonValues.False;
    }
}
