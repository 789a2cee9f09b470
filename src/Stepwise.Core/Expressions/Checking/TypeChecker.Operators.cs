using Stepwise.Core.Expressions.Syntax;
using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Checking;

/// <summary>Operator typing: int op int stays int (but <c>/</c> gives number), any propagates, mismatches are reported.</summary>
internal sealed partial class TypeChecker
{
    private DataType CheckUnary(UnaryNode unary)
    {
        var operand = Check(unary.Operand);
        if (unary.Operator == "!")
        {
            return IsCondition(operand) ? DataType.Bool : Report(ExpressionMessages.TypeMismatch("!", operand), unary);
        }

        return operand.Kind is DataKind.Int or DataKind.Number or DataKind.Any
            ? operand
            : Report(ExpressionMessages.TypeMismatch("-", operand), unary);
    }

    private DataType CheckBinary(BinaryNode binary)
    {
        var left = Check(binary.Left);
        var right = Check(binary.Right);
        var result = binary.Operator switch
        {
            "+" => Add(left, right),
            "-" or "*" or "%" => Arithmetic(left, right),
            "/" => DataTypes.IsNumericOrAny(left) && DataTypes.IsNumericOrAny(right) ? DataType.Number : null,
            "==" or "!=" => DataType.Bool,
            "<" or "<=" or ">" or ">=" => Ordered(left, right) ? DataType.Bool : null,
            "&&" or "||" => IsCondition(left) && IsCondition(right) ? DataType.Bool : null,
            _ => left.Kind == DataKind.Null ? right : DataTypes.Unify(left, right),
        };
        return result ?? Report(ExpressionMessages.TypeMismatch(binary.Operator, left, right), binary);
    }

    private DataType CheckConditional(ConditionalNode conditional)
    {
        var condition = Check(conditional.Condition);
        if (!IsCondition(condition))
        {
            Report($"type mismatch: the condition of '?:' must be bool, got '{condition}'", conditional.Condition);
        }

        return DataTypes.Unify(Check(conditional.WhenTrue), Check(conditional.WhenFalse));
    }

    private static bool IsCondition(DataType type) => type.Kind is DataKind.Bool or DataKind.Any or DataKind.Null;

    private static DataType? Add(DataType left, DataType right)
    {
        if (left.Kind == DataKind.String || right.Kind == DataKind.String)
        {
            // Text concatenation takes any scalar on the other side.
            var other = left.Kind == DataKind.String ? right : left;
            return other.Kind is DataKind.Array or DataKind.Object ? null : DataType.String;
        }

        if (left.Kind == DataKind.Array && right.Kind == DataKind.Array)
        {
            return DataTypes.Unify(left, right);
        }

        if (left.Kind == DataKind.Any || right.Kind == DataKind.Any)
        {
            var other = left.Kind == DataKind.Any ? right : left;
            return other.Kind is DataKind.Any or DataKind.Int or DataKind.Number or DataKind.Array or DataKind.Bool or DataKind.Null
                ? (other.Kind == DataKind.Number ? DataType.Number : DataType.Any)
                : null;
        }

        return Arithmetic(left, right);
    }

    private static DataType? Arithmetic(DataType left, DataType right)
    {
        if (!DataTypes.IsNumericOrAny(left) || !DataTypes.IsNumericOrAny(right))
        {
            return null;
        }

        if (left.Kind == DataKind.Number || right.Kind == DataKind.Number)
        {
            return DataType.Number;
        }

        return left.Kind == DataKind.Int && right.Kind == DataKind.Int ? DataType.Int : DataType.Any;
    }

    private static bool Ordered(DataType left, DataType right)
    {
        if (left.Kind == DataKind.Any || right.Kind == DataKind.Any)
        {
            var other = left.Kind == DataKind.Any ? right : left;
            return other.Kind is DataKind.Any or DataKind.Int or DataKind.Number or DataKind.String;
        }

        return (DataTypes.IsNumeric(left) && DataTypes.IsNumeric(right)) || (left.Kind == DataKind.String && right.Kind == DataKind.String);
    }
}
