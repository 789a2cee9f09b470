namespace Stepwise.Core.Query.Syntax;

internal sealed record NotNode(ConditionNode Inner, int NotStart) : ConditionNode(NotStart, Inner.End);
