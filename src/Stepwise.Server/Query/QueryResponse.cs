using System.Text.Json.Nodes;

namespace Stepwise.Server.Query;

/// <summary>
/// What <c>GET /api/v1/query</c> answers: the entity, the rows (its fields, or <c>{group, count}</c> for a count),
/// how many, and the row limit the query ran with (<see cref="Truncated"/> when it was reached).
/// </summary>
internal sealed record QueryResponse(string Entity, bool Count, IReadOnlyList<JsonObject> Rows, int RowCount, int Limit, bool Truncated);
