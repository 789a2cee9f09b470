using Stepwise.Sdk;

namespace Stepwise.Core.Expressions.Checking;

/// <summary>Helpers over <see cref="DataType"/> for the checker and the function library.</summary>
internal static class DataTypes
{
    public static bool IsNumeric(DataType type) => type.Kind is DataKind.Int or DataKind.Number;

    public static bool IsNumericOrAny(DataType type) => type.Kind is DataKind.Int or DataKind.Number or DataKind.Any;

    public static string KindName(DataKind kind) => kind switch
    {
        DataKind.Any => "any",
        DataKind.Null => "null",
        DataKind.Bool => "bool",
        DataKind.Int => "int",
        DataKind.Number => "number",
        DataKind.String => "string",
        DataKind.Array => "array",
        _ => "object",
    };

    /// <summary>The narrowest type holding both: equal types stay, int and number give number, null gives way, else any.</summary>
    public static DataType Unify(DataType a, DataType b)
    {
        if (a.Equals(b))
        {
            return a;
        }

        if (a.Kind == DataKind.Null)
        {
            return b;
        }

        if (b.Kind == DataKind.Null)
        {
            return a;
        }

        if (IsNumeric(a) && IsNumeric(b))
        {
            return DataType.Number;
        }

        if (a.Kind == DataKind.Array && b.Kind == DataKind.Array)
        {
            return DataType.ArrayOf(Unify(a.Element ?? DataType.Any, b.Element ?? DataType.Any));
        }

        if (a.Kind == DataKind.Object && b.Kind == DataKind.Object)
        {
            return DataType.AnyObject;
        }

        return DataType.Any;
    }

    public static DataType Unify(IEnumerable<DataType> types)
    {
        DataType? result = null;
        foreach (var type in types)
        {
            result = result is null ? type : Unify(result, type);
        }

        return result ?? DataType.Any;
    }

    /// <summary>The element type when iterating <paramref name="type"/>: any for unknown arrays.</summary>
    public static DataType ElementOf(DataType type) => type.Kind == DataKind.Array ? type.Element ?? DataType.Any : DataType.Any;
}
