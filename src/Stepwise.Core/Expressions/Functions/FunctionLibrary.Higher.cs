using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>Functions taking a lambda <c>x =&gt; ...</c> or <c>(x, i) =&gt; ...</c> (item and its index).</summary>
internal static partial class FunctionLibrary
{
    private static IEnumerable<FunctionDefinition> Higher() =>
    [
        WithLambda("map", "map(array<T>, (T, int) => U) -> array<U>", call => DataType.ArrayOf(call.LambdaResult),
            static (ref frame, args, lambda) =>
            {
                if (!Arguments.TryArray(ref frame, "map", args, 0, out var array) || !Arguments.TrySpend(ref frame, "map", array.Count))
                {
                    return null;
                }

                var result = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    var value = lambda!.InvokeOwned(ref frame, array[i], i);
                    if (frame.Failed)
                    {
                        return null;
                    }

                    result.Add(value);
                }

                return result;
            }),
        WithLambda("filter", "filter(array<T>, (T, int) => bool) -> array<T>", call =>
            {
                ExpectPredicate(call);
                return DataType.ArrayOf(DataTypes.ElementOf(call[0]));
            },
            static (ref frame, args, lambda) =>
            {
                if (!Arguments.TryArray(ref frame, "filter", args, 0, out var array))
                {
                    return null;
                }

                var result = new JsonArray();
                for (var i = 0; i < array.Count; i++)
                {
                    if (!TryTest(ref frame, "filter", lambda!, array[i], i, out var keep))
                    {
                        return null;
                    }

                    if (keep)
                    {
                        result.Add(array[i]?.DeepClone());
                    }
                }

                return result;
            }),
        WithLambda("find", "find(array<T>, (T, int) => bool) -> T (null when none)", call =>
            {
                ExpectPredicate(call);
                return DataTypes.ElementOf(call[0]);
            },
            static (ref frame, args, lambda) =>
            {
                if (!Arguments.TryArray(ref frame, "find", args, 0, out var array))
                {
                    return null;
                }

                for (var i = 0; i < array.Count; i++)
                {
                    if (!TryTest(ref frame, "find", lambda!, array[i], i, out var found))
                    {
                        return null;
                    }

                    if (found)
                    {
                        return array[i];
                    }
                }

                return null;
            },
            resultIsFresh: false),
        WithLambda("any", "any(array<T>, (T, int) => bool) -> bool", call =>
            {
                ExpectPredicate(call);
                return DataType.Bool;
            },
            static (ref frame, args, lambda) => Quantify(ref frame, "any", args, lambda!, wanted: true),
            resultIsFresh: false),
        WithLambda("all", "all(array<T>, (T, int) => bool) -> bool", call =>
            {
                ExpectPredicate(call);
                return DataType.Bool;
            },
            static (ref frame, args, lambda) => Quantify(ref frame, "all", args, lambda!, wanted: false),
            resultIsFresh: false),
    ];

    private static FunctionDefinition WithLambda(string name, string signature, Func<FunctionCheck, DataType> check, FunctionBody body, bool resultIsFresh = true) => new()
    {
        Name = name,

        // map's items come from its lambda, whose own calls register what they derive; any and all only test.
        Secrets = name is "any" or "all" ? SecretFlow.Tests : SecretFlow.Selects,
        MinArguments = 2,
        MaxArguments = 2,
        Signature = signature,
        LambdaPosition = 1,
        Check = call =>
        {
            call.Element(0);
            return check(call);
        },
        Body = body,
        ResultIsFresh = resultIsFresh,
    };

    private static void ExpectPredicate(FunctionCheck call)
    {
        if (call.LambdaResult.Kind is not (DataKind.Bool or DataKind.Any or DataKind.Null))
        {
            call.Report($"type mismatch: the lambda of '{call.Name}' must return bool, got '{call.LambdaResult}'", 1, Diagnostics.DiagnosticCategory.TypeError);
        }
    }

    private static bool TryTest(ref EvaluationFrame frame, string name, LambdaEvaluator lambda, JsonNode? item, int index, out bool result)
    {
        var value = lambda.Invoke(ref frame, item, index);
        result = false;
        if (frame.Failed)
        {
            return false;
        }

        if (value is null || JsonValues.TryGetBool(value, out result))
        {
            return true;
        }

        frame.Fail($"{name}: the lambda must return bool, got '{JsonValues.KindName(value)}'");
        return false;
    }

    /// <summary>any: is there an item for which the test is true; all: is there none for which it is false.</summary>
    private static JsonNode? Quantify(ref EvaluationFrame frame, string name, ReadOnlySpan<JsonNode?> args, LambdaEvaluator lambda, bool wanted)
    {
        if (!Arguments.TryArray(ref frame, name, args, 0, out var array))
        {
            return null;
        }

        for (var i = 0; i < array.Count; i++)
        {
            if (!TryTest(ref frame, name, lambda, array[i], i, out var result))
            {
                return null;
            }

            if (result == wanted)
            {
                return JsonValues.Bool(wanted);
            }
        }

        return JsonValues.Bool(!wanted);
    }
}
