using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary><c>== != &lt; &lt;= &gt; &gt;=</c>. Equality is deep and numeric across int/number; ordering needs two numbers or two strings.</summary>
internal sealed class ComparisonEvaluator(string op, Evaluator left, Evaluator right) : Evaluator(isFresh: false)
{
    public override JsonNode? Evaluate(ref EvaluationFrame frame)
    {
        var a = left.Evaluate(ref frame);
        if (frame.Failed)
        {
            return null;
        }

        var b = right.Evaluate(ref frame);
        if (frame.Failed)
        {
            return null;
        }

        bool result;
        switch (op)
        {
            case "==":
                result = JsonValues.AreEqual(a, b);
                break;
            case "!=":
                result = !JsonValues.AreEqual(a, b);
                break;
            default:
                if (!TryCompare(a, b, out var order))
                {
                    return frame.Fail($"type mismatch: cannot apply '{op}' to '{JsonValues.KindName(a)}' and '{JsonValues.KindName(b)}'");
                }

                result = op switch
                {
                    "<" => order < 0,
                    "<=" => order <= 0,
                    ">" => order > 0,
                    _ => order >= 0,
                };
                break;
        }

        return result ? JsonValues.True : JsonValues.False;
    }

    /// <summary>Orders two numbers (numerically) or two strings (ordinally); false for anything else.</summary>
    internal static bool TryCompare(JsonNode? a, JsonNode? b, out int order)
    {
        var leftKind = JsonValues.ReadNumeric(a, out var x, out var p);
        var rightKind = JsonValues.ReadNumeric(b, out var y, out var q);
        if (leftKind == ValueKind.Int && rightKind == ValueKind.Int)
        {
            order = x.CompareTo(y);
            return true;
        }

        if (leftKind is ValueKind.Int or ValueKind.Number && rightKind is ValueKind.Int or ValueKind.Number)
        {
            order = (leftKind == ValueKind.Int ? x : p).CompareTo(rightKind == ValueKind.Int ? y : q);
            return true;
        }

        if (JsonValues.TryGetString(a, out var s) && JsonValues.TryGetString(b, out var t))
        {
            order = Math.Sign(string.CompareOrdinal(s, t));
            return true;
        }

        order = 0;
        return false;
    }
}
