using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>A literal. The node is shared, so it is never handed out as owned.</summary>
internal sealed class ConstantEvaluator(JsonNode? value) : Evaluator(isFresh: value is null)
{
    public JsonNode? Value { get; } = value;

    public override JsonNode? Evaluate(ref EvaluationFrame frame) => Value;
}
