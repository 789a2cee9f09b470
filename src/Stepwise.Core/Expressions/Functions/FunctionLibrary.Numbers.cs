using System.Globalization;
using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

internal static partial class FunctionLibrary
{
    private static IEnumerable<FunctionDefinition> Numbers() =>
    [
        new()
        {
            Name = "sum", MinArguments = 1, MaxArguments = 1, Signature = "sum(array<int>) -> int | sum(array<number>) -> number",
            Check = call => NumericElement(call).Kind == DataKind.Int ? DataType.Int : DataType.Number,
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryArray(ref frame, "sum", args, 0, out var array))
                {
                    return null;
                }

                long integerTotal = 0;
                double total = 0;
                var allIntegers = true;
                foreach (var item in array)
                {
                    switch (JsonValues.ReadNumeric(item, out var integer, out var number))
                    {
                        case ValueKind.Int when allIntegers:
                            var next = unchecked(integerTotal + integer);
                            if (((integerTotal ^ next) & (integer ^ next)) < 0)
                            {
                                return frame.Fail("sum: integer overflow");
                            }

                            integerTotal = next;
                            break;
                        case ValueKind.Int:
                            total += integer;
                            break;
                        case ValueKind.Number:
                            if (allIntegers)
                            {
                                allIntegers = false;
                                total = integerTotal;
                            }

                            total += number;
                            break;
                        default:
                            return frame.Fail($"sum: every item must be a number, got '{JsonValues.KindName(item)}'");
                    }
                }

                if (allIntegers)
                {
                    return JsonValue.Create(integerTotal);
                }

                return JsonValues.TryMakeNumber(total, out var result) ? result : frame.Fail("sum: the result is not finite");
            },
        },
        Extreme("min", order => order < 0),
        Extreme("max", order => order > 0),
        new()
        {
            Name = "avg", MinArguments = 1, MaxArguments = 1, Signature = "avg(array<number>) -> number (null when empty)",
            Check = call =>
            {
                NumericElement(call);
                return DataType.Number;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryArray(ref frame, "avg", args, 0, out var array))
                {
                    return null;
                }

                if (array.Count == 0)
                {
                    return null;
                }

                double total = 0;
                foreach (var item in array)
                {
                    if (!JsonValues.TryGetNumber(item, out var number))
                    {
                        return frame.Fail($"avg: every item must be a number, got '{JsonValues.KindName(item)}'");
                    }

                    total += number;
                }

                return JsonValues.TryMakeNumber(total / array.Count, out var result) ? result : frame.Fail("avg: the result is not finite");
            },
        },
        new()
        {
            Name = "round", MinArguments = 1, MaxArguments = 2, Signature = "round(number) -> int | round(number, digits: int) -> number (halves away from zero)",
            Check = call =>
            {
                call.Expect(0, DataKind.Number);
                call.Expect(1, DataKind.Int);
                return call.Count == 1 ? DataType.Int : DataType.Number;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryNumber(ref frame, "round", args, 0, out var number))
                {
                    return null;
                }

                if (args.Length == 1)
                {
                    return ToInteger(ref frame, "round", Math.Round(number, MidpointRounding.AwayFromZero));
                }

                if (!Arguments.TryInt(ref frame, "round", args, 1, out var digits))
                {
                    return null;
                }

                return digits is < 0 or > 15
                    ? frame.Fail($"round: digits must be between 0 and 15, got {digits}")
                    : JsonValue.Create(Math.Round(number, (int)digits, MidpointRounding.AwayFromZero));
            },
        },
        Rounding("floor", Math.Floor),
        Rounding("ceil", Math.Ceiling),
        new()
        {
            Name = "abs", MinArguments = 1, MaxArguments = 1, Signature = "abs(int) -> int | abs(number) -> number",
            Check = call =>
            {
                call.Expect(0, DataKind.Number);
                return call[0].Kind is DataKind.Int or DataKind.Number ? call[0] : DataType.Any;
            },
            Body = static (ref frame, args, _) => JsonValues.ReadNumeric(args[0], out var integer, out var number) switch
            {
                ValueKind.Int when integer == long.MinValue => frame.Fail("abs: integer overflow"),
                ValueKind.Int => JsonValue.Create(Math.Abs(integer)),
                ValueKind.Number => JsonValue.Create(Math.Abs(number)),
                _ => frame.Fail($"abs: argument 1 must be number, got '{JsonValues.KindName(args[0])}'"),
            },
        },
    ];

    /// <summary>The element type of a numeric array argument, reporting arrays of something else.</summary>
    private static DataType NumericElement(FunctionCheck call)
    {
        var element = call.Element(0);
        if (element.Kind is not (DataKind.Int or DataKind.Number or DataKind.Any))
        {
            call.Report($"type mismatch: '{call.Name}' needs an array of numbers, got '{call[0]}'", 0, Diagnostics.DiagnosticCategory.TypeError);
            return DataType.Any;
        }

        return element;
    }

    private static JsonNode? ToInteger(ref EvaluationFrame frame, string name, double value) =>
        value is >= long.MinValue and < long.MaxValue
            ? JsonValue.Create((long)value)
            : frame.Fail($"{name}: {value.ToString("R", CultureInfo.InvariantCulture)} is too large for an int");

    private static FunctionDefinition Rounding(string name, Func<double, double> round) => new()
    {
        Name = name, MinArguments = 1, MaxArguments = 1, Signature = $"{name}(number) -> int",
        Check = call =>
        {
            call.Expect(0, DataKind.Number);
            return DataType.Int;
        },
        Body = (ref frame, args, _) => Arguments.TryNumber(ref frame, name, args, 0, out var number) ? ToInteger(ref frame, name, round(number)) : null,
    };

    /// <summary>min/max of one array argument, or of two or more number arguments; null for an empty array.</summary>
    private static FunctionDefinition Extreme(string name, Func<int, bool> better) => new()
    {
        Name = name, MinArguments = 1, MaxArguments = null, Secrets = SecretFlow.Selects,
        Signature = $"{name}(array<T>) -> T | {name}(number, number, ...) -> number",
        Check = call =>
        {
            if (call.Count == 1)
            {
                return NumericElement(call);
            }

            for (var i = 0; i < call.Count; i++)
            {
                call.Expect(i, DataKind.Number);
            }

            return DataTypes.Unify(call.Types.Select(type => DataTypes.IsNumeric(type) ? type : DataType.Any));
        },
        Body = (ref frame, args, _) =>
        {
            JsonNode? best = null;
            if (args.Length == 1)
            {
                if (!Arguments.TryArray(ref frame, name, args, 0, out var array))
                {
                    return null;
                }

                foreach (var item in array)
                {
                    if (!TryKeepBest(ref frame, name, better, item, ref best))
                    {
                        return null;
                    }
                }

                return best;
            }

            foreach (var arg in args)
            {
                if (!TryKeepBest(ref frame, name, better, arg, ref best))
                {
                    return null;
                }
            }

            return best;
        },
        ResultIsFresh = false,
    };

    private static bool TryKeepBest(ref EvaluationFrame frame, string name, Func<int, bool> better, JsonNode? candidate, ref JsonNode? best)
    {
        if (!JsonValues.TryGetNumber(candidate, out _))
        {
            frame.Fail($"{name}: every item must be a number, got '{JsonValues.KindName(candidate)}'");
            return false;
        }

        if (best is null || (ComparisonEvaluator.TryCompare(candidate, best, out var order) && better(order)))
        {
            best = candidate;
        }

        return true;
    }
}
