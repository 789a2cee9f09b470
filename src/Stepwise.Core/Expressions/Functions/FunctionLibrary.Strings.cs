using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Stepwise.Core.Expressions.Evaluation;
using Stepwise.Core.Expressions.Syntax;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

internal static partial class FunctionLibrary
{
    /// <summary>How long one regex_match may run before it fails: user patterns must not stall a worker.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(250);

    private static IEnumerable<FunctionDefinition> Strings() =>
    [
        new()
        {
            Name = "len", Secrets = SecretFlow.Tests, MinArguments = 1, MaxArguments = 1, Signature = "len(string | array | object) -> int",
            Check = call =>
            {
                call.Expect(0, DataKind.String, DataKind.Array, DataKind.Object, DataKind.Null);
                return DataType.Int;
            },
            Body = static (ref frame, args, _) => args[0] switch
            {
                null => JsonValue.Create(0L),
                JsonArray array => JsonValue.Create((long)array.Count),
                JsonObject obj => JsonValue.Create((long)obj.Count),
                _ when JsonValues.TryGetString(args[0], out var text) => JsonValue.Create((long)text.Length),
                _ => frame.Fail($"len: argument 1 must be string, array or object, got '{JsonValues.KindName(args[0])}'"),
            },
        },
        StringToString("upper", text => text.ToUpperInvariant()),
        StringToString("lower", text => text.ToLowerInvariant()),
        StringToString("trim", text => text.Trim()),
        new()
        {
            Name = "contains", Secrets = SecretFlow.Tests, MinArguments = 2, MaxArguments = 2,
            Signature = "contains(string, string) -> bool | contains(array, any) -> bool | contains(object, string) -> bool",
            Check = call =>
            {
                if (call.Expect(0, DataKind.String, DataKind.Array, DataKind.Object) && call[0].Kind is DataKind.String or DataKind.Object)
                {
                    call.Expect(1, DataKind.String);
                }

                return DataType.Bool;
            },
            Body = static (ref frame, args, _) =>
            {
                switch (args[0])
                {
                    case JsonArray array:
                        foreach (var item in array)
                        {
                            if (JsonValues.AreEqual(item, args[1]))
                            {
                                return JsonValues.True;
                            }
                        }

                        return JsonValues.False;
                    case JsonObject obj:
                        return Arguments.TryString(ref frame, "contains", args, 1, out var key) ? JsonValues.Bool(obj.ContainsKey(key)) : null;
                }

                if (!Arguments.TryString(ref frame, "contains", args, 0, out var text) || !Arguments.TryString(ref frame, "contains", args, 1, out var part))
                {
                    return null;
                }

                return JsonValues.Bool(text.Contains(part, StringComparison.Ordinal));
            },
            ResultIsFresh = false,
        },
        StringsToBool("starts_with", (text, part) => text.StartsWith(part, StringComparison.Ordinal)),
        StringsToBool("ends_with", (text, part) => text.EndsWith(part, StringComparison.Ordinal)),
        new()
        {
            Name = "split", MinArguments = 2, MaxArguments = 2, Signature = "split(string, separator: string) -> array<string>",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                call.Expect(1, DataKind.String);
                return DataType.ArrayOf(DataType.String);
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryString(ref frame, "split", args, 0, out var text) || !Arguments.TryString(ref frame, "split", args, 1, out var separator))
                {
                    return null;
                }

                var parts = separator.Length == 0 ? text.Select(c => c.ToString()).ToArray() : text.Split(separator);
                if (!Arguments.TrySpend(ref frame, "split", parts.Length))
                {
                    return null;
                }

                var result = new JsonArray();
                foreach (var part in parts)
                {
                    result.Add(part);
                }

                return result;
            },
        },
        new()
        {
            Name = "join", MinArguments = 1, MaxArguments = 2, Signature = "join(array, separator: string = \"\") -> string",
            Check = call =>
            {
                call.Element(0);
                call.Expect(1, DataKind.String);
                return DataType.String;
            },
            Body = static (ref frame, args, _) =>
            {
                var separator = string.Empty;
                if (!Arguments.TryArray(ref frame, "join", args, 0, out var array)
                    || (args.Length > 1 && !Arguments.TryString(ref frame, "join", args, 1, out separator)))
                {
                    return null;
                }

                // The parts and their total are checked before the text is built.
                var parts = new string[array.Count];
                var total = (long)separator.Length * Math.Max(0, array.Count - 1);
                for (var i = 0; i < parts.Length; i++)
                {
                    if (!BoundedText.TryToText(ref frame, array[i], out parts[i]) || !frame.FitsValue(total += parts[i].Length)
                        || ((i & 1023) == 1023 && !frame.CheckClock()))
                    {
                        return null;
                    }
                }

                return frame.FitsValue(total) ? JsonValue.Create(string.Join(separator, parts)) : null;
            },
        },
        new()
        {
            Name = "replace", MinArguments = 3, MaxArguments = 3, Signature = "replace(string, old: string, new: string) -> string",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                call.Expect(1, DataKind.String);
                call.Expect(2, DataKind.String);
                return DataType.String;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryString(ref frame, "replace", args, 0, out var text)
                    || !Arguments.TryString(ref frame, "replace", args, 1, out var old)
                    || !Arguments.TryString(ref frame, "replace", args, 2, out var replacement))
                {
                    return null;
                }

                if (old.Length == 0)
                {
                    return frame.Fail("replace: the text to replace (argument 2) is empty");
                }

                // The result's length is known from the number of matches: checked before it is built.
                if (replacement.Length > old.Length)
                {
                    var matches = 0L;
                    for (var at = text.IndexOf(old, StringComparison.Ordinal); at >= 0; at = text.IndexOf(old, at + old.Length, StringComparison.Ordinal))
                    {
                        matches++;
                    }

                    if (!frame.FitsValue(text.Length + (matches * (replacement.Length - old.Length))))
                    {
                        return null;
                    }
                }

                return JsonValue.Create(text.Replace(old, replacement, StringComparison.Ordinal));
            },
        },
        new()
        {
            Name = "substring", MinArguments = 2, MaxArguments = 3, Signature = "substring(string, start: int, length: int = rest) -> string",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                call.Expect(1, DataKind.Int);
                call.Expect(2, DataKind.Int);
                return DataType.String;
            },
            Body = static (ref frame, args, _) =>
            {
                long length = long.MaxValue;
                if (!Arguments.TryString(ref frame, "substring", args, 0, out var text)
                    || !Arguments.TryInt(ref frame, "substring", args, 1, out var start)
                    || (args.Length > 2 && !Arguments.TryInt(ref frame, "substring", args, 2, out length)))
                {
                    return null;
                }

                if (start < 0 || start > text.Length)
                {
                    return frame.Fail($"substring: start {start} out of range (length {text.Length})");
                }

                if (length < 0)
                {
                    return frame.Fail($"substring: length {length} is negative");
                }

                // Past-the-end lengths are cut to the end of the text, as most languages do.
                return JsonValue.Create(text.Substring((int)start, (int)Math.Min(length, text.Length - start)));
            },
        },
        new()
        {
            Name = "regex_match", Secrets = SecretFlow.Tests, MinArguments = 2, MaxArguments = 2, Signature = "regex_match(string, pattern: string) -> bool",
            Check = call =>
            {
                call.Expect(0, DataKind.String);
                call.Expect(1, DataKind.String);
                if (call.Arguments[1] is LiteralNode { Value: JsonValue literal } && literal.TryGetValue(out string? pattern) && !IsValidRegex(pattern, out var problem))
                {
                    call.Report($"regex_match: invalid regular expression: {problem}", 1);
                }

                return DataType.Bool;
            },
            Body = static (ref frame, args, _) =>
            {
                if (!Arguments.TryString(ref frame, "regex_match", args, 0, out var text) || !Arguments.TryString(ref frame, "regex_match", args, 1, out var pattern))
                {
                    return null;
                }

                try
                {
                    // The static overload reuses Regex's own cache of parsed patterns.
                    return JsonValues.Bool(Regex.IsMatch(text, pattern, RegexOptions.CultureInvariant, RegexTimeout));
                }
                catch (RegexMatchTimeoutException)
                {
                    return frame.Fail($"regex_match: the pattern took longer than {RegexTimeout.TotalMilliseconds} ms");
                }
                catch (ArgumentException exception)
                {
                    return frame.Fail($"regex_match: invalid regular expression: {exception.Message}");
                }
            },
            ResultIsFresh = false,
        },
    ];

    private static bool IsValidRegex(string pattern, out string problem)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
            problem = string.Empty;
            return true;
        }
        catch (ArgumentException exception)
        {
            problem = exception.Message;
            return false;
        }
    }

    private static FunctionDefinition StringToString(string name, Func<string, string> transform) => new()
    {
        Name = name, MinArguments = 1, MaxArguments = 1, Signature = $"{name}(string) -> string",
        Check = call =>
        {
            call.Expect(0, DataKind.String);
            return DataType.String;
        },
        Body = (ref frame, args, _) => Arguments.TryString(ref frame, name, args, 0, out var text) ? JsonValue.Create(transform(text)) : null,
    };

    private static FunctionDefinition StringsToBool(string name, Func<string, string, bool> test) => new()
    {
        Name = name, MinArguments = 2, MaxArguments = 2, Signature = $"{name}(string, string) -> bool", Secrets = SecretFlow.Tests,
        Check = call =>
        {
            call.Expect(0, DataKind.String);
            call.Expect(1, DataKind.String);
            return DataType.Bool;
        },
        Body = (ref frame, args, _) =>
            Arguments.TryString(ref frame, name, args, 0, out var text) && Arguments.TryString(ref frame, name, args, 1, out var part)
                ? JsonValues.Bool(test(text, part))
                : null,
        ResultIsFresh = false,
    };
}
