using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

internal static partial class FunctionLibrary
{
    private static IEnumerable<FunctionDefinition> Conversions() =>
    [
        new()
        {
            Name = "to_string", MinArguments = 1, MaxArguments = 1, Signature = "to_string(any) -> string",
            Check = _ => DataType.String,
            Body = static (ref frame, args, _) => BoundedText.TryToText(ref frame, args[0], out var text) ? JsonValue.Create(text) : null,
        },
        new()
        {
            Name = "to_int", MinArguments = 1, MaxArguments = 1, Signature = "to_int(any) -> int",
            Check = _ => DataType.Int,
            Body = static (ref frame, args, _) => ToInt(ref frame, args[0]),
        },
        new()
        {
            Name = "to_number", MinArguments = 1, MaxArguments = 1, Signature = "to_number(any) -> number",
            Check = _ => DataType.Number,
            Body = static (ref frame, args, _) => ToNumber(ref frame, args[0]),
        },
        new()
        {
            Name = "to_bool", Secrets = SecretFlow.Tests, MinArguments = 1, MaxArguments = 1, Signature = "to_bool(any) -> bool",
            Check = _ => DataType.Bool,
            Body = static (ref frame, args, _) => ToBool(ref frame, args[0]),
            ResultIsFresh = false,
        },
        new()
        {
            Name = "json_parse", MinArguments = 1, MaxArguments = 1, Signature = "json_parse(string) -> any",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                return DataType.Any;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryString(ref frame, "json_parse", args, 0, out var text))
                {
                    return null;
                }

                try
                {
                    return JsonNode.Parse(text);
                }
                catch (JsonException exception)
                {
                    return frame.Fail($"json_parse: invalid JSON: {exception.Message}");
                }
                catch (ArgumentException)
                {
                    // A lone surrogate ('\ud800' in an expression's string) cannot be read as JSON (found by the fuzzer).
                    return frame.Fail("json_parse: invalid JSON: the text holds invalid Unicode (a lone surrogate)");
                }
            },
        },
        new()
        {
            Name = "json_string", MinArguments = 1, MaxArguments = 1, Signature = "json_string(any) -> string",
            Check = _ => DataType.String,
            Body = static (ref frame, args, _) =>
                args[0] is null ? JsonValue.Create("null")
                : args[0] is JsonObject or JsonArray ? (BoundedText.TryToText(ref frame, args[0], out var json) ? JsonValue.Create(json) : null)
                : frame.FitsValue(JsonValues.ToText(args[0]).Length + 2L) ? JsonValue.Create(args[0]!.ToJsonString(JsonValues.CompactOptions)) : null,
        },
    ];

    private static JsonNode? ToInt(ref EvaluationFrame frame, JsonNode? value)
    {
        switch (JsonValues.ReadNumeric(value, out var integer, out var number))
        {
            case ValueKind.Int:
                return JsonValue.Create(integer);
            case ValueKind.Number:
                return number is >= long.MinValue and < long.MaxValue
                    ? JsonValue.Create((long)Math.Truncate(number))
                    : frame.Fail($"to_int: {number.ToString("R", CultureInfo.InvariantCulture)} is too large for an int");
            case ValueKind.Bool:
                JsonValues.TryGetBool(value, out var flag);
                return JsonValue.Create(flag ? 1L : 0L);
            case ValueKind.String:
                JsonValues.TryGetString(value, out var text);
                if (long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
                {
                    return JsonValue.Create(parsed);
                }

                if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
                    && double.IsFinite(real) && Math.Abs(real) < 9.2e18)
                {
                    return JsonValue.Create((long)Math.Truncate(real));
                }

                return frame.Fail($"to_int: cannot convert '{Shorten(in frame, text)}' to int");
            default:
                return frame.Fail($"to_int: cannot convert a value of type '{JsonValues.KindName(value)}' to int");
        }
    }

    private static JsonNode? ToNumber(ref EvaluationFrame frame, JsonNode? value)
    {
        switch (JsonValues.ReadNumeric(value, out var integer, out var number))
        {
            case ValueKind.Int:
                return JsonValue.Create((double)integer);
            case ValueKind.Number:
                return JsonValue.Create(number);
            case ValueKind.Bool:
                JsonValues.TryGetBool(value, out var flag);
                return JsonValue.Create(flag ? 1.0 : 0.0);
            case ValueKind.String:
                JsonValues.TryGetString(value, out var text);
                return double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed)
                    ? JsonValue.Create(parsed)
                    : frame.Fail($"to_number: cannot convert '{Shorten(in frame, text)}' to number");
            default:
                return frame.Fail($"to_number: cannot convert a value of type '{JsonValues.KindName(value)}' to number");
        }
    }

    private static JsonNode? ToBool(ref EvaluationFrame frame, JsonNode? value)
    {
        switch (JsonValues.ReadNumeric(value, out var integer, out var number))
        {
            case ValueKind.Null:
                return JsonValues.False;
            case ValueKind.Bool:
                JsonValues.TryGetBool(value, out var flag);
                return JsonValues.Bool(flag);
            case ValueKind.Int:
                return JsonValues.Bool(integer != 0);
            case ValueKind.Number:
                return JsonValues.Bool(number != 0);
            case ValueKind.String:
                JsonValues.TryGetString(value, out var text);
                return text.Trim().ToLowerInvariant() switch
                {
                    "true" or "yes" or "1" => JsonValues.True,
                    "false" or "no" or "0" or "" => JsonValues.False,
                    _ => frame.Fail($"to_bool: cannot convert '{Shorten(in frame, text)}' to bool"),
                };
            default:
                return frame.Fail($"to_bool: cannot convert a value of type '{JsonValues.KindName(value)}' to bool");
        }
    }

    /// <summary>Keeps messages readable when a long text is quoted back.</summary>
    /// <summary>The text as an error quotes it: cut to 40 characters, or <c>***</c> when it is or holds a secret (a cut secret would not be masked).</summary>
    private static string Shorten(in EvaluationFrame frame, string text) =>
        frame.Scope.Taint?.Touches(text) == true ? SecretTaint.Mask
        : text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");
}
