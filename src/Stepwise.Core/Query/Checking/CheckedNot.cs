namespace Stepwise.Core.Query.Checking;

internal sealed record CheckedNot(CheckedCondition Inner) : CheckedCondition;
