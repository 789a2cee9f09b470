using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>Reads a function's run-time arguments, failing the frame with <c>fn: argument n must be ...</c> when the kind is wrong.</summary>
internal static class Arguments
{
    public static bool TryString(ref EvaluationFrame frame, string function, ReadOnlySpan<JsonNode?> args, int index, out string value)
    {
        if (JsonValues.TryGetString(args[index], out value))
        {
            return true;
        }

        Mismatch(ref frame, function, index, "string", args[index]);
        return false;
    }

    public static bool TryInt(ref EvaluationFrame frame, string function, ReadOnlySpan<JsonNode?> args, int index, out long value)
    {
        if (JsonValues.TryGetInt(args[index], out value))
        {
            return true;
        }

        // A number with no fraction (2.0) is accepted where an int is wanted.
        if (JsonValues.TryGetNumber(args[index], out var number) && Math.Floor(number) == number && Math.Abs(number) < 9e15)
        {
            value = (long)number;
            return true;
        }

        Mismatch(ref frame, function, index, "int", args[index]);
        return false;
    }

    public static bool TryNumber(ref EvaluationFrame frame, string function, ReadOnlySpan<JsonNode?> args, int index, out double value)
    {
        if (JsonValues.TryGetNumber(args[index], out value))
        {
            return true;
        }

        Mismatch(ref frame, function, index, "number", args[index]);
        return false;
    }

    public static bool TryArray(ref EvaluationFrame frame, string function, ReadOnlySpan<JsonNode?> args, int index, out JsonArray array)
    {
        if (args[index] is JsonArray found)
        {
            array = found;
            return true;
        }

        array = [];
        frame.Fail($"{function}: cannot iterate over non-array value of type '{JsonValues.KindName(args[index])}'");
        return false;
    }

    public static bool TryObject(ref EvaluationFrame frame, string function, ReadOnlySpan<JsonNode?> args, int index, out JsonObject obj)
    {
        if (args[index] is JsonObject found)
        {
            obj = found;
            return true;
        }

        obj = [];
        Mismatch(ref frame, function, index, "object", args[index]);
        return false;
    }

    /// <summary>Counts items a call creates against the evaluation's budget, so nested ranges cannot exhaust memory.</summary>
    public static bool TrySpend(ref EvaluationFrame frame, string function, long items)
    {
        frame.ItemsCreated += items;
        if (frame.ItemsCreated <= frame.Limits.MaxItems)
        {
            return frame.Spend(items);
        }

        frame.Fail(ExpressionBudget.TooManyItems(function, frame.Limits.MaxItems));
        return false;
    }

    private static void Mismatch(ref EvaluationFrame frame, string function, int index, string wanted, JsonNode? actual) =>
        frame.Fail($"{function}: argument {index + 1} must be {wanted}, got '{JsonValues.KindName(actual)}'");
}
