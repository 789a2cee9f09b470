using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>How <c>!</c>, <c>&amp;&amp;</c>, <c>||</c> and <c>?:</c> read a condition: a bool, or null as false.</summary>
internal static class Truth
{
    public static bool TryRead(ref EvaluationFrame frame, JsonNode? value, string op, out bool flag)
    {
        if (value is null)
        {
            flag = false;
            return true;
        }

        if (JsonValues.TryGetBool(value, out flag))
        {
            return true;
        }

        frame.Fail($"type mismatch: '{op}' needs a bool, got '{JsonValues.KindName(value)}'");
        return false;
    }
}
