using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>params</c>, <c>execution</c>, <c>org</c>, <c>trigger</c>: an object read straight from the scope.</summary>
internal sealed class RootEvaluator(Func<EvaluationScope, JsonNode?> read) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame) => read(frame.Scope);
}
