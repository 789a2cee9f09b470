using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>item</c> or <c>index</c> of the current foreach element.</summary>
internal sealed class ItemEvaluator(bool isIndex) : Evaluator(isFresh: isIndex)
{
    private readonly bool _isIndex = isIndex;

    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        if (!frame.Scope.HasItem)
        {
            return frame.Fail(ExpressionMessages.UndefinedVariable(_isIndex ? "index" : "item"));
        }

        return _isIndex ? JsonValue.Create((long)frame.Scope.Index) : frame.Scope.Item;
    }
}
