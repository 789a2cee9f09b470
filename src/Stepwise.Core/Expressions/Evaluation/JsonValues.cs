using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>
/// Reads and makes values the way the language sees them: a JSON number without fraction or exponent that fits a
/// long is an int, anything else numeric is a number. Works for parsed nodes and for nodes made from CLR values.
/// </summary>
internal static class JsonValues
{
    public static readonly JsonValue True = JsonValue.Create(true);
    public static readonly JsonValue False = JsonValue.Create(false);

    /// <summary>Compact JSON that keeps non-ASCII text readable (used for interpolation and json_string).</summary>
    public static readonly JsonSerializerOptions CompactOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    public static ValueKind KindOf(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return ValueKind.Null;
            case JsonObject:
                return ValueKind.Object;
            case JsonArray:
                return ValueKind.Array;
        }

        var value = (JsonValue)node;
        return value.GetValueKind() switch
        {
            JsonValueKind.String => ValueKind.String,
            JsonValueKind.True or JsonValueKind.False => ValueKind.Bool,
            JsonValueKind.Number => TryGetInt(value, out _) ? ValueKind.Int : ValueKind.Number,
            // A JsonValue wrapping an object or array element (never made by JsonNode.Parse) has no members
            // the evaluator can walk; it reads as null rather than failing a cast.
            _ => ValueKind.Null,
        };
    }

    public static string KindName(JsonNode? node) => KindName(KindOf(node));

    public static string KindName(ValueKind kind) => kind switch
    {
        ValueKind.Null => "null",
        ValueKind.Bool => "bool",
        ValueKind.Int => "int",
        ValueKind.Number => "number",
        ValueKind.String => "string",
        ValueKind.Array => "array",
        _ => "object",
    };

    /// <summary>The shared true or false node: callers that return it mark their result as not fresh.</summary>
    public static JsonValue Bool(bool value) => value ? True : False;

    public static JsonValue Int(long value) => JsonValue.Create(value);

    public static JsonValue String(string value) => JsonValue.Create(value);

    /// <summary>True when <paramref name="node"/> is an int (see the class remarks).</summary>
    public static bool TryGetInt(JsonNode? node, out long value)
    {
        if (node is not JsonValue json)
        {
            value = 0;
            return false;
        }

        if (json.TryGetValue(out value))
        {
            return true;
        }

        if (json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (json.TryGetValue(out int i))
        {
            value = i;
            return true;
        }

        if (json.TryGetValue(out decimal m) && decimal.IsInteger(m) && m >= long.MinValue && m <= long.MaxValue)
        {
            value = (long)m;
            return true;
        }

        if (json.TryGetValue(out short s))
        {
            value = s;
            return true;
        }

        if (json.TryGetValue(out uint u))
        {
            value = u;
            return true;
        }

        if (json.TryGetValue(out byte b))
        {
            value = b;
            return true;
        }

        if (json.TryGetValue(out ulong ul) && ul <= long.MaxValue)
        {
            value = (long)ul;
            return true;
        }

        return false;
    }

    /// <summary>True when <paramref name="node"/> is an int or a number; ints are widened.</summary>
    public static bool TryGetNumber(JsonNode? node, out double value)
    {
        if (node is not JsonValue json)
        {
            value = 0;
            return false;
        }

        if (json.TryGetValue(out value))
        {
            return double.IsFinite(value);
        }

        if (json.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }

        if (TryGetInt(json, out var integer))
        {
            value = integer;
            return true;
        }

        if (json.TryGetValue(out float f))
        {
            value = f;
            return float.IsFinite(f);
        }

        if (json.TryGetValue(out decimal m))
        {
            value = (double)m;
            return true;
        }

        return false;
    }

    /// <summary>Reads an int or a number without widening: the kind says which out value is set.</summary>
    public static ValueKind ReadNumeric(JsonNode? node, out long integer, out double number)
    {
        number = 0;
        if (TryGetInt(node, out integer))
        {
            return ValueKind.Int;
        }

        return TryGetNumber(node, out number) ? ValueKind.Number : KindOf(node);
    }

    public static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue json && json.TryGetValue(out string? text))
        {
            value = text;
            return true;
        }

        if (node is JsonValue chars && chars.TryGetValue(out char c))
        {
            value = c.ToString();
            return true;
        }

        value = string.Empty;
        return false;
    }

    public static bool TryGetBool(JsonNode? node, out bool value)
    {
        if (node is JsonValue json && json.TryGetValue(out value))
        {
            return true;
        }

        value = false;
        return false;
    }

    /// <summary>A number result; false when it is not finite (JSON cannot hold NaN or infinities).</summary>
    public static bool TryMakeNumber(double value, out JsonNode? node)
    {
        node = double.IsFinite(value) ? JsonValue.Create(value) : null;
        return node is not null;
    }

    /// <summary>The value as interpolated text: null is empty, numbers invariant, objects and arrays compact JSON.</summary>
    public static string ToText(JsonNode? node)
    {
        switch (KindOf(node))
        {
            case ValueKind.Null:
                return string.Empty;
            case ValueKind.String:
                TryGetString(node, out var text);
                return text;
            case ValueKind.Bool:
                TryGetBool(node, out var flag);
                return flag ? "true" : "false";
            case ValueKind.Int:
                TryGetInt(node, out var integer);
                return integer.ToString(CultureInfo.InvariantCulture);
            case ValueKind.Number:
                TryGetNumber(node, out var number);
                return number.ToString("R", CultureInfo.InvariantCulture);
            default:
                return node!.ToJsonString(CompactOptions);
        }
    }

    /// <summary>Deep equality where an int and a number compare numerically (<c>1 == 1.0</c>).</summary>
    public static bool AreEqual(JsonNode? left, JsonNode? right)
    {
        var leftKind = KindOf(left);
        var rightKind = KindOf(right);
        if (leftKind is ValueKind.Int or ValueKind.Number && rightKind is ValueKind.Int or ValueKind.Number)
        {
            if (leftKind == ValueKind.Int && rightKind == ValueKind.Int)
            {
                TryGetInt(left, out var a);
                TryGetInt(right, out var b);
                return a == b;
            }

            TryGetNumber(left, out var x);
            TryGetNumber(right, out var y);
            return x == y;
        }

        if (leftKind != rightKind)
        {
            return false;
        }

        switch (leftKind)
        {
            case ValueKind.Null:
                return true;
            case ValueKind.Bool:
                TryGetBool(left, out var p);
                TryGetBool(right, out var q);
                return p == q;
            case ValueKind.String:
                TryGetString(left, out var s);
                TryGetString(right, out var t);
                return string.Equals(s, t, StringComparison.Ordinal);
            case ValueKind.Array when left is JsonArray leftArray && right is JsonArray rightArray:
                if (leftArray.Count != rightArray.Count)
                {
                    return false;
                }

                for (var i = 0; i < leftArray.Count; i++)
                {
                    if (!AreEqual(leftArray[i], rightArray[i]))
                    {
                        return false;
                    }
                }

                return true;
            case ValueKind.Object when left is JsonObject leftObject && right is JsonObject rightObject:
                if (leftObject.Count != rightObject.Count)
                {
                    return false;
                }

                foreach (var (name, value) in leftObject)
                {
                    if (!rightObject.TryGetPropertyValue(name, out var other) || !AreEqual(value, other))
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>A copy that can be attached to a new tree (JsonNode allows one parent).</summary>
    public static JsonNode? Clone(JsonNode? node) => node?.DeepClone();
}
