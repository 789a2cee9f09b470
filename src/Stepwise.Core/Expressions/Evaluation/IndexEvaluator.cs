using System.Globalization;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>target[index]</c>: arrays and strings by int, objects by string.</summary>
internal sealed class IndexEvaluator(Evaluator target, Evaluator index, bool nullSafe) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var container = target.Evaluate(ref frame);
        if (frame.Failed)
        {
            return null;
        }

        if (container is null && nullSafe)
        {
            return null;
        }

        var key = index.Evaluate(ref frame);
        if (frame.Failed)
        {
            return null;
        }

        if (container is JsonObject obj && JsonValues.TryGetString(key, out var name))
        {
            return obj.TryGetPropertyValue(name, out var member) ? member : null;
        }

        if (JsonValues.TryGetInt(key, out var position))
        {
            if (container is JsonArray array)
            {
                return position >= 0 && position < array.Count
                    ? array[(int)position]
                    : frame.Fail(OutOfRange(position, array.Count));
            }

            if (JsonValues.TryGetString(container, out var text))
            {
                if (position < 0 || position >= text.Length)
                {
                    return frame.Fail(OutOfRange(position, text.Length));
                }

                // A character of a secret is short enough to be ordinary text: it taints, but is not masked alone.
                var character = JsonValue.Create(text[(int)position].ToString());
                return frame.Scope.Taint is { IsEmpty: false } taint && taint.Touches(container) ? frame.Taint(character) : character;
            }
        }

        if (container is null)
        {
            return frame.Fail($"cannot read index {JsonValues.ToText(key)} of null");
        }

        return frame.Fail($"cannot index '{JsonValues.KindName(container)}' with '{JsonValues.KindName(key)}'");
    }

    private static string OutOfRange(long position, int length) =>
        string.Create(CultureInfo.InvariantCulture, $"index {position} out of range (length {length})");
}
