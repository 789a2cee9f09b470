using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>What an unresolvable name compiles to, so unchecked expressions fail with the checker's message.</summary>
internal sealed class FailEvaluator(string message) : Evaluator(isFresh: true)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame) => frame.Fail(message);
}
