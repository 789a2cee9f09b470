namespace Stepwise.Core.Query.Syntax;

/// <summary>What a predicate tests; negated forms (<c>not in</c>, <c>not like</c>) are a <see cref="NotNode"/> around these.</summary>
internal enum QueryOperator
{
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,
    Like,
    Contains,
    IsNull,
    IsNotNull,
}
