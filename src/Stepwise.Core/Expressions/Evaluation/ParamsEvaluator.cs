using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>params.name</c> in one step; a param that was not given is null.</summary>
internal sealed class ParamsEvaluator(string name) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame) =>
        frame.Scope.Params.TryGetPropertyValue(name, out var value) ? value : null;
}
