using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>An object literal: a new object per evaluation.</summary>
internal sealed class ObjectEvaluator(IReadOnlyList<KeyValuePair<string, Evaluator>> members) : Evaluator(isFresh: true)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var obj = new JsonObject();
        foreach (var (key, member) in members)
        {
            var value = member.EvaluateOwned(ref frame);
            if (frame.Failed)
            {
                return null;
            }

            obj[key] = value;
        }

        return obj;
    }
}
