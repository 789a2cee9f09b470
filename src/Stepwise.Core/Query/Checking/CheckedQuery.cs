using Stepwise.Core.Query.Schema;

namespace Stepwise.Core.Query.Checking;

/// <summary>
/// A query that passed every check, ready for a dialect's compiler: fields resolved, literals typed (times and
/// durations as unix milliseconds, <c>now()</c> already evaluated), the limit within bounds.
/// </summary>
internal sealed record CheckedQuery(
    QueryEntity Entity, bool Count, CheckedCondition? Where, CheckedField? GroupBy, IReadOnlyList<CheckedOrder> OrderBy, int Limit);
