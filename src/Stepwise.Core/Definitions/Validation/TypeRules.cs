using Stepwise.Sdk;

namespace Stepwise.Core.Definitions.Validation;

/// <summary>Whether a value of one static type may be given where another is declared.</summary>
internal static class TypeRules
{
    public static bool IsAssignable(DataType actual, DataType expected)
    {
        if (expected.Kind == DataKind.Any || actual.Kind is DataKind.Any or DataKind.Null)
        {
            return true;
        }

        if (actual.Kind == DataKind.Int && expected.Kind == DataKind.Number)
        {
            return true;
        }

        if (actual.Kind != expected.Kind)
        {
            return false;
        }

        return actual.Kind != DataKind.Array || IsAssignable(actual.Element ?? DataType.Any, expected.Element ?? DataType.Any);
    }
}
