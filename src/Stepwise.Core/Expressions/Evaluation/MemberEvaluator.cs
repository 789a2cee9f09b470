using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>target.name</c> / <c>target?.name</c>. A missing member of an object is null.</summary>
internal sealed class MemberEvaluator(Evaluator target, string name, bool nullSafe) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var value = target.Evaluate(ref frame);
        if (value is JsonObject obj)
        {
            return obj.TryGetPropertyValue(name, out var member) ? member : null;
        }

        if (frame.Failed || (value is null && nullSafe))
        {
            return null;
        }

        return frame.Fail($"cannot read '{name}' of {Describe(value)}");
    }

    internal static string Describe(JsonNode? value) => value is null ? "null" : $"a value of type '{JsonValues.KindName(value)}'";
}
