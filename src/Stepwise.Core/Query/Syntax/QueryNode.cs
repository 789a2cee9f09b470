namespace Stepwise.Core.Query.Syntax;

/// <summary>
/// A parsed query: <c>[count] entity [where condition] [group by field] [order by field [asc|desc], ...] [limit n]</c>.
/// </summary>
internal sealed record QueryNode(
    bool Count,
    string Entity,
    int EntityStart,
    int EntityEnd,
    ConditionNode? Where,
    FieldNode? GroupBy,
    IReadOnlyList<OrderNode> OrderBy,
    ValueNode? Limit);
