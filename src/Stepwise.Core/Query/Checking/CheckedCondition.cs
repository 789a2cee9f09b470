namespace Stepwise.Core.Query.Checking;

/// <summary>A checked condition: <see cref="CheckedAnd"/>, <see cref="CheckedOr"/>, <see cref="CheckedNot"/> or <see cref="CheckedPredicate"/>.</summary>
internal abstract record CheckedCondition;
