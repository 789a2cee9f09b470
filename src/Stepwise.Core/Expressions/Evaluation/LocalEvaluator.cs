using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>A lambda parameter, read from its slot.</summary>
internal sealed class LocalEvaluator(int slot) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame) => frame.Locals![slot];
}
