namespace Stepwise.Core.Query.Syntax;

/// <summary><c>field op value</c>, <c>field in (v, ...)</c> or <c>field is [not] null</c> (no values).</summary>
internal sealed record PredicateNode(FieldNode Field, QueryOperator Operator, IReadOnlyList<ValueNode> Values, int OperatorStart, int OperatorEnd, int EndAt)
    : ConditionNode(Field.Start, EndAt);
