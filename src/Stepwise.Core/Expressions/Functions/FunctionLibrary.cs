using System.Collections.Frozen;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>Every built-in function, by name. The definitions live in the partial files by topic.</summary>
internal static partial class FunctionLibrary
{
    private static readonly FrozenDictionary<string, FunctionDefinition> Functions =
        new[] { Strings(), Conversions(), Collections(), Higher(), Numbers(), Dates(), Encodings(), Environment() }
            .SelectMany(group => group)
            .ToFrozenDictionary(function => function.Name, StringComparer.Ordinal);

    public static IEnumerable<FunctionDefinition> All => Functions.Values.OrderBy(function => function.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out FunctionDefinition function) => Functions.TryGetValue(name, out function!);
}
