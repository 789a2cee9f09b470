namespace Stepwise.Core.Query.Syntax;

internal sealed record AndNode(ConditionNode Left, ConditionNode Right) : ConditionNode(Left.Start, Right.End);
