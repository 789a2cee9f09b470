namespace Stepwise.Core.Query.Checking;

internal sealed record CheckedAnd(CheckedCondition Left, CheckedCondition Right) : CheckedCondition;
