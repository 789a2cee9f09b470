namespace Stepwise.Core.Query.Syntax;

internal sealed record OrNode(ConditionNode Left, ConditionNode Right) : ConditionNode(Left.Start, Right.End);
