using System.Text.Json.Nodes;

namespace Stepwise.Core.Query;

/// <summary>
/// What a query answered: rows as JSON objects (an entity's fields, or a count per group), or the error. For a
/// count without <c>group by</c> the one row is <c>{"count": n}</c>.
/// </summary>
internal sealed record QueryOutcome(IReadOnlyList<JsonObject>? Rows, QueryError? Error)
{
    public static QueryOutcome Of(IReadOnlyList<JsonObject> rows) => new(rows, null);

    public static QueryOutcome Failed(QueryError error) => new(null, error);
}
