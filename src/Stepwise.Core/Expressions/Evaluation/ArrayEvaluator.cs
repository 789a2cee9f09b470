using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>An array literal: a new array per evaluation.</summary>
internal sealed class ArrayEvaluator(IReadOnlyList<Evaluator> items) : Evaluator(isFresh: true)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var array = new JsonArray();
        foreach (var item in items)
        {
            var value = item.EvaluateOwned(ref frame);
            if (frame.Failed)
            {
                return null;
            }

            array.Add(value);
        }

        return array;
    }
}
