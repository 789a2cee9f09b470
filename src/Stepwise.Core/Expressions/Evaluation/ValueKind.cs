namespace Stepwise.Core.Expressions.Evaluation;

/// <summary>The run-time kind of a JSON value, with JSON numbers split into int and number.</summary>
internal enum ValueKind
{
    Null,
    Bool,
    Int,
    Number,
    String,
    Array,
    Object,
}
