namespace Stepwise.Core.Query.Checking;

internal enum QueryConstantKind
{
    Text,
    Integer,
    Real,
    Bool,
}
