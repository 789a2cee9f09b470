namespace Stepwise.Core.Query.Checking;

internal sealed record CheckedOr(CheckedCondition Left, CheckedCondition Right) : CheckedCondition;
