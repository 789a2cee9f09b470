using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>config</c> on its own: every configuration entry of the organization as one object (a fresh copy).</summary>
internal sealed class ConfigEvaluator() : Evaluator(isFresh: true)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var config = new JsonObject();
        if (frame.Scope.Config is not { } lookup)
        {
            return config;
        }

        if (lookup.Names is not { } names)
        {
            return frame.Fail("the organization's configuration cannot be listed here; read one key with config.<key>");
        }

        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            if (lookup.TryGet(name, out var value))
            {
                config[name] = value?.DeepClone();
            }
        }

        return config;
    }
}
