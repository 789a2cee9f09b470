using Stepwise.Core.Query.Schema;

namespace Stepwise.Storage.Query;

/// <summary>
/// SQL and its parameters for one query; <see cref="Fields"/> are the entity's fields in select order (empty for a
/// count), <see cref="GroupName"/> the key of a grouped count's group column.
/// </summary>
internal sealed record CompiledQuery(
    string Sql, IReadOnlyList<KeyValuePair<string, object>> Parameters, IReadOnlyList<QueryField> Fields, bool Count, string? GroupName);
