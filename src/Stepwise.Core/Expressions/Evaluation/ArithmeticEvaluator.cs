using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// <c>+ - * / %</c>. int with int stays int (overflow is an error, not a wrap), <c>/</c> always gives a number,
/// <c>+</c> with a string operand concatenates text, and <c>+</c> of two arrays concatenates them.
/// </summary>
internal sealed class ArithmeticEvaluator(char op, Evaluator left, Evaluator right) : Evaluator(isFresh: true)
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

        var result = Combine(ref frame, a, b);
        if (result is not JsonValue || frame.Scope.Taint is not { IsEmpty: false } taint)
        {
            return result;
        }

        // A secret written whole into a text stays visible to the redactor, which masks it there; a piece it cannot
        // mask alone (a character, a number) makes the whole text secret. A number computed from a secret is secret.
        var tainted = JsonValues.KindOf(result) == ValueKind.String
            ? taint.HidesInText(a) || taint.HidesInText(b)
            : taint.Touches(a) || taint.Touches(b);
        return tainted ? frame.Taint(result) : result;
    }

    private JsonNode? Combine(ref EvaluationFrame frame, JsonNode? a, JsonNode? b)
    {
        var leftKind = JsonValues.ReadNumeric(a, out var x, out var p);
        var rightKind = JsonValues.ReadNumeric(b, out var y, out var q);
        if (leftKind == ValueKind.Int && rightKind == ValueKind.Int)
        {
            return Integers(ref frame, x, y);
        }

        if (leftKind is ValueKind.Int or ValueKind.Number && rightKind is ValueKind.Int or ValueKind.Number)
        {
            return Numbers(ref frame, leftKind == ValueKind.Int ? x : p, rightKind == ValueKind.Int ? y : q);
        }

        if (op == '+')
        {
            if ((leftKind == ValueKind.String && IsScalar(rightKind)) || (rightKind == ValueKind.String && IsScalar(leftKind)))
            {
                if (!BoundedText.TryToText(ref frame, a, out var head) || !BoundedText.TryToText(ref frame, b, out var tail)
                    || !frame.FitsValue((long)head.Length + tail.Length))
                {
                    return null;
                }

                var text = string.Concat(head, tail);
                return frame.Created(text) ? JsonValue.Create(text) : null;
            }

            if (a is JsonArray first && b is JsonArray second)
            {
                if (!Functions.Arguments.TrySpend(ref frame, "+", first.Count + second.Count))
                {
                    return null;
                }

                var joined = new JsonArray();
                foreach (var item in first)
                {
                    joined.Add(item?.DeepClone());
                }

                foreach (var item in second)
                {
                    joined.Add(item?.DeepClone());
                }

                return joined;
            }
        }

        return frame.Fail($"type mismatch: cannot apply '{op}' to '{JsonValues.KindName(leftKind)}' and '{JsonValues.KindName(rightKind)}'");
    }

    private static bool IsScalar(ValueKind kind) => kind is not (ValueKind.Array or ValueKind.Object);

    private JsonNode? Integers(ref EvaluationFrame frame, long x, long y)
    {
        long result;
        switch (op)
        {
            case '+':
                result = unchecked(x + y);
                if (((x ^ result) & (y ^ result)) < 0)
                {
                    return frame.Fail("integer overflow");
                }

                break;
            case '-':
                result = unchecked(x - y);
                if (((x ^ y) & (x ^ result)) < 0)
                {
                    return frame.Fail("integer overflow");
                }

                break;
            case '*':
                var high = Math.BigMul(x, y, out result);
                if (high != result >> 63)
                {
                    return frame.Fail("integer overflow");
                }

                break;
            case '%':
                if (y == 0)
                {
                    return frame.Fail("division by zero");
                }

                // long.MinValue % -1 throws in .NET; the answer is 0.
                result = y == -1 ? 0 : x % y;
                break;
            default:
                return y == 0 ? frame.Fail("division by zero") : JsonValue.Create((double)x / y);
        }

        return JsonValue.Create(result);
    }

    private JsonNode? Numbers(ref EvaluationFrame frame, double x, double y)
    {
        if (op is '/' or '%' && y == 0)
        {
            return frame.Fail("division by zero");
        }

        var result = op switch
        {
            '+' => x + y,
            '-' => x - y,
            '*' => x * y,
            '/' => x / y,
            _ => x % y,
        };
        return JsonValues.TryMakeNumber(result, out var node) ? node : frame.Fail("number overflow: the result is not finite");
    }
}
