using Stepwise.Core.Diagnostics;
using Stepwise.Core.Expressions.Checking;
using Stepwise.Core.Expressions.Syntax;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Functions;

/// <summary>What a function's type rule sees of one call: the argument types, and a way to report a bad argument.</summary>
internal sealed class FunctionCheck(string name, IReadOnlyList<SyntaxNode> arguments, IReadOnlyList<DataType> types, Action<string, SyntaxNode, DiagnosticCategory> report)
{
    public string Name { get; } = name;

    /// <summary>The argument expressions, for rules that look at literals (a constant regex is checked early).</summary>
    public IReadOnlyList<SyntaxNode> Arguments { get; } = arguments;

    public IReadOnlyList<DataType> Types { get; } = types;

    public int Count => Types.Count;

    /// <summary>The static type of the lambda's body, when the call has a lambda.</summary>
    public DataType LambdaResult { get; init; } = DataType.Any;

    public DataType this[int index] => Types[index];

    /// <summary>Reports unless argument <paramref name="index"/> may be of one of <paramref name="kinds"/> (int passes for number).</summary>
    public bool Expect(int index, params DataKind[] kinds)
    {
        if (index >= Types.Count || Accepts(Types[index], kinds))
        {
            return true;
        }

        var wanted = string.Join(" or ", kinds.Select(kind => DataTypes.KindName(kind)));
        report($"type mismatch: argument {index + 1} of '{Name}' must be {wanted}, got '{Types[index]}'", Arguments[index], DiagnosticCategory.TypeError);
        return false;
    }

    /// <summary>The element type of an array argument; reports <c>cannot iterate over non-array type</c> otherwise.</summary>
    public DataType Element(int index)
    {
        var type = Types[index];
        switch (type.Kind)
        {
            case DataKind.Array:
                return type.Element ?? DataType.Any;
            case DataKind.Any:
                return DataType.Any;
            default:
                report(ExpressionMessages.CannotIterate(type), Arguments[index], DiagnosticCategory.TypeError);
                return DataType.Any;
        }
    }

    /// <summary>A function's own rule about an argument (a constant that cannot work, such as a bad regex).</summary>
    public void Report(string message, int index, DiagnosticCategory category = DiagnosticCategory.FunctionError) =>
        report(message, Arguments[index], category);

    public static bool Accepts(DataType type, DataKind[] kinds) =>
        type.Kind == DataKind.Any
        || kinds.Contains(type.Kind)
        || kinds.Contains(DataKind.Any)
        || (type.Kind == DataKind.Int && kinds.Contains(DataKind.Number));
}
