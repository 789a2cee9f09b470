namespace Stepwise.Storage.Query;

/// <summary>
/// PostgreSQL's JSON operators on the text column cast to <c>json</c> (not jsonb, which rejects a <c>\u0000</c>
/// escape SQLite stores): <c>(col::json #&gt;&gt; '{a,b}')</c>, <c>json_typeof</c>.
/// </summary>
internal sealed class PostgresJsonPathSql : JsonPathSql
{
    public static PostgresJsonPathSql Instance { get; } = new();

    public override string Like => "ILIKE";

    public override string Text(string column, IReadOnlyList<string> path) => $"({column}::json #>> '{Path(path)}')";

    public override string StringValue(string column, IReadOnlyList<string> path) => Text(column, path);

    public override string IsString(string column, IReadOnlyList<string> path) => $"json_typeof({Node(column, path)}) = 'string'";

    // CASE, not AND: PostgreSQL may evaluate AND's operands in any order, and the cast fails on a non-number.
    public override string CompareNumber(string column, IReadOnlyList<string> path, string op, string parameter) =>
        $"CASE WHEN json_typeof({Node(column, path)}) = 'number' THEN ({column}::json #>> '{Path(path)}')::numeric END {op} {parameter}";

    public override string IsBool(string column, IReadOnlyList<string> path, bool value) =>
        $"(json_typeof({Node(column, path)}) = 'boolean' AND {Text(column, path)} = '{(value ? "true" : "false")}')";

    public override string IsMissing(string column, IReadOnlyList<string> path) =>
        $"({Node(column, path)} IS NULL OR json_typeof({Node(column, path)}) = 'null')";

    private static string Node(string column, IReadOnlyList<string> path) => $"({column}::json #> '{Path(path)}')";

    private static string Path(IReadOnlyList<string> path) => "{" + string.Join(',', path) + "}";
}
