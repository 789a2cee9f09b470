using Stepwise.Core.Query.Syntax;

namespace Stepwise.Core.Query.Checking;

/// <summary>A field tested by an operator against typed values (none for <c>is null</c>, several for <c>in</c>).</summary>
internal sealed record CheckedPredicate(CheckedField Field, QueryOperator Operator, IReadOnlyList<QueryConstant> Values) : CheckedCondition;
