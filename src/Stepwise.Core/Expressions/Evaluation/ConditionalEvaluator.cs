using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>condition ? whenTrue : whenFalse</c>; only the chosen branch runs.</summary>
internal sealed class ConditionalEvaluator(Evaluator condition, Evaluator whenTrue, Evaluator whenFalse)
    : Evaluator(isFresh: whenTrue.IsFresh && whenFalse.IsFresh)
{
    private readonly Evaluator _whenTrue = whenTrue;
    private readonly Evaluator _whenFalse = whenFalse;

    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var value = condition.Evaluate(ref frame);
        if (frame.Failed || !Truth.TryRead(ref frame, value, "?:", out var flag))
        {
            return null;
        }

        return flag ? _whenTrue.Evaluate(ref frame) : _whenFalse.Evaluate(ref frame);
    }
}
