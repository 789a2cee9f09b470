namespace Stepwise.Storage.Query;

/// <summary>
/// Where an entity's rows live: the FROM clause, the column holding the organization (always filtered on), and the
/// SQL expression of each field. All of it is this file's constants, never input.
/// </summary>
internal sealed record QueryTable(string From, string OrgColumn, IReadOnlyDictionary<string, string> Columns);
