namespace Stepwise.Core.Query.Schema;

/// <summary>
/// What a query can ask about. <see cref="Name"/> is how queries write it (plural, <c>executions</c>);
/// <see cref="Singular"/> is accepted too and names it in messages (<c>entity 'execution'</c>).
/// </summary>
internal sealed class QueryEntity
{
    public QueryEntity(string name, string singular, string defaultOrder, IReadOnlyList<QueryField> fields)
    {
        Name = name;
        Singular = singular;
        DefaultOrder = defaultOrder;
        Fields = fields;
        ByName = fields.ToDictionary(field => field.Name, StringComparer.OrdinalIgnoreCase);
    }

    public string Name { get; }

    public string Singular { get; }

    /// <summary>The time field rows come in, newest first, when the query has no <c>order by</c>.</summary>
    public string DefaultOrder { get; }

    public IReadOnlyList<QueryField> Fields { get; }

    public IReadOnlyDictionary<string, QueryField> ByName { get; }
}
