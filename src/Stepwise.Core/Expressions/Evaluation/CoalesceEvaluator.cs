using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>left ?? right</c>: right runs only when left is null.</summary>
internal sealed class CoalesceEvaluator(Evaluator left, Evaluator right) : Evaluator(isFresh: left.IsFresh && right.IsFresh)
{
    private readonly Evaluator _left = left;
    private readonly Evaluator _right = right;

    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var value = _left.Evaluate(ref frame);
        if (value is not null || frame.Failed)
        {
            return value;
        }

        return _right.Evaluate(ref frame);
    }
}
