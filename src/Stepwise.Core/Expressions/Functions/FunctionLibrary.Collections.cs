using System.Text.Json.Nodes;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

internal static partial class FunctionLibrary
{
    private static IEnumerable<FunctionDefinition> Collections() =>
    [
        new()
        {
            Name = "coalesce", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = null, Signature = "coalesce(any, ...) -> any (the first that is not null)",
            Check = call => DataTypes.Unify(call.Types),
            Body = static (ref frame, args, _) =>
            {
                foreach (var arg in args)
                {
                    if (arg is not null)
                    {
                        return arg;
                    }
                }

                return null;
            },
            ResultIsFresh = false,
        },
        new()
        {
            Name = "keys", MinArguments = 1, MaxArguments = 1, Signature = "keys(object) -> array<string>",
            Check = call =>
            {
                call.Expect(0, DataKind.Object);
                return DataType.ArrayOf(DataType.String);
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryObject(ref frame, "keys", args, 0, out var obj))
                {
                    return null;
                }

                var keys = new JsonArray();
                foreach (var (key, _) in obj)
                {
                    keys.Add(key);
                }

                return keys;
            },
        },
        new()
        {
            Name = "values", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = 1, Signature = "values(object) -> array",
            Check = call =>
            {
                call.Expect(0, DataKind.Object);
                var type = call[0];
                return DataType.ArrayOf(type.Kind == DataKind.Object && !type.IsOpen && type.Fields.Count > 0 ? DataTypes.Unify(type.Fields.Values) : DataType.Any);
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryObject(ref frame, "values", args, 0, out var obj))
                {
                    return null;
                }

                var values = new JsonArray();
                foreach (var (_, value) in obj)
                {
                    values.Add(value?.DeepClone());
                }

                return values;
            },
        },
        new()
        {
            Name = "range", Secrets = SecretFlow.Tests, MinArguments = 1, MaxArguments = 2, Signature = "range(end: int) | range(start: int, end: int) -> array<int> (end excluded)",
            Check = call =>
            {
                call.Expect(0, DataKind.Int);
                call.Expect(1, DataKind.Int);
                return DataType.ArrayOf(DataType.Int);
            },
            Body = static (ref frame, args, _) =>
            {
                long start = 0;
                long end;
                if (args.Length == 1)
                {
                    if (!Arguments.TryInt(ref frame, "range", args, 0, out end))
                    {
                        return null;
                    }
                }
                else if (!Arguments.TryInt(ref frame, "range", args, 0, out start) || !Arguments.TryInt(ref frame, "range", args, 1, out end))
                {
                    return null;
                }

                var count = end > start ? (ulong)(end - start) : 0;
                if (!Arguments.TrySpend(ref frame, "range", count > long.MaxValue ? long.MaxValue : (long)count))
                {
                    return null;
                }

                var result = new JsonArray();
                for (var i = start; i < end; i++)
                {
                    result.Add(JsonValue.Create(i));
                }

                return result;
            },
        },
        new()
        {
            Name = "chunk", Secrets = SecretFlow.Selects, MinArguments = 2, MaxArguments = 2, Signature = "chunk(array<T>, size: int) -> array<array<T>>",
            Check = call =>
            {
                var element = call.Element(0);
                call.Expect(1, DataKind.Int);
                return DataType.ArrayOf(DataType.ArrayOf(element));
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryArray(ref frame, "chunk", args, 0, out var array) || !Arguments.TryInt(ref frame, "chunk", args, 1, out var size))
                {
                    return null;
                }

                if (size <= 0)
                {
                    return frame.Fail($"chunk: size must be at least 1, got {size}");
                }

                if (!Arguments.TrySpend(ref frame, "chunk", array.Count))
                {
                    return null;
                }

                var chunks = new JsonArray();
                JsonArray? current = null;
                foreach (var item in array)
                {
                    if (current is null || current.Count == size)
                    {
                        current = [];
                        chunks.Add(current);
                    }

                    current.Add(item?.DeepClone());
                }

                return chunks;
            },
        },
        new()
        {
            Name = "first", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = 1, Signature = "first(array<T>) -> T (null when empty)",
            Check = call => call.Element(0),
            Body = static (ref frame, args, _) => Arguments.TryArray(ref frame, "first", args, 0, out var array) && array.Count > 0 ? array[0] : null,
            ResultIsFresh = false,
        },
        new()
        {
            Name = "last", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = 1, Signature = "last(array<T>) -> T (null when empty)",
            Check = call => call.Element(0),
            Body = static (ref frame, args, _) => Arguments.TryArray(ref frame, "last", args, 0, out var array) && array.Count > 0 ? array[^1] : null,
            ResultIsFresh = false,
        },
        new()
        {
            Name = "reverse", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = 1, Signature = "reverse(array<T>) -> array<T>",
            Check = call => DataType.ArrayOf(call.Element(0)),
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryArray(ref frame, "reverse", args, 0, out var array))
                {
                    return null;
                }

                var result = new JsonArray();
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    result.Add(array[i]?.DeepClone());
                }

                return result;
            },
        },
        new()
        {
            Name = "distinct", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = 1, Signature = "distinct(array<T>) -> array<T> (first occurrences, in order)",
            Check = call => DataType.ArrayOf(call.Element(0)),
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryArray(ref frame, "distinct", args, 0, out var array))
                {
                    return null;
                }

                var result = new JsonArray();
                foreach (var item in array)
                {
                    if (!result.Any(kept => JsonValues.AreEqual(kept, item)))
                    {
                        result.Add(item?.DeepClone());
                    }
                }

                return result;
            },
        },
        new()
        {
            Name = "flatten", Secrets = SecretFlow.Selects, MinArguments = 1, MaxArguments = 1, Signature = "flatten(array<array<T>>) -> array<T> (one level)",
            Check = call =>
            {
                var element = call.Element(0);
                return DataType.ArrayOf(element.Kind == DataKind.Array ? element.Element ?? DataType.Any : DataType.Any);
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryArray(ref frame, "flatten", args, 0, out var array))
                {
                    return null;
                }

                var result = new JsonArray();
                foreach (var item in array)
                {
                    if (item is JsonArray inner)
                    {
                        if (!Arguments.TrySpend(ref frame, "flatten", inner.Count))
                        {
                            return null;
                        }

                        foreach (var nested in inner)
                        {
                            result.Add(nested?.DeepClone());
                        }
                    }
                    else
                    {
                        result.Add(item?.DeepClone());
                    }
                }

                return result;
            },
        },
    ];
}
