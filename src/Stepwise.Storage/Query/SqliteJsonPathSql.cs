namespace Stepwise.Storage.Query;

/// <summary>SQLite's JSON1 functions: <c>json_extract(col, '$.a.b[0]')</c>, <c>json_type</c>.</summary>
internal sealed class SqliteJsonPathSql : JsonPathSql
{
    public static SqliteJsonPathSql Instance { get; } = new();

    public override string Like => "LIKE";

    public override string Text(string column, IReadOnlyList<string> path) =>
        $"CASE WHEN {Type(column, path)} IN ('integer', 'real', 'true', 'false') THEN CAST({Extract(column, path)} AS TEXT) "
        + $"WHEN {Type(column, path)} = 'text' THEN {Extract(column, path)} END";

    public override string IsString(string column, IReadOnlyList<string> path) => $"{Type(column, path)} = 'text'";

    // The plain json_extract(...) comparison first, so an expression index on the path serves it; the type test
    // keeps strings out of < and > (SQLite orders every text after every number).
    public override string CompareNumber(string column, IReadOnlyList<string> path, string op, string parameter) =>
        $"({Extract(column, path)} {op} {parameter} AND {Type(column, path)} IN ('integer', 'real'))";

    public override string IsBool(string column, IReadOnlyList<string> path, bool value) =>
        $"{Type(column, path)} = '{(value ? "true" : "false")}'";

    public override string IsMissing(string column, IReadOnlyList<string> path) => $"{Extract(column, path)} IS NULL";

    public override string StringValue(string column, IReadOnlyList<string> path) => Extract(column, path);

    private static string Extract(string column, IReadOnlyList<string> path) => $"json_extract({column}, '{Path(path)}')";

    private static string Type(string column, IReadOnlyList<string> path) => $"json_type({column}, '{Path(path)}')";

    private static string Path(IReadOnlyList<string> path) =>
        "$" + string.Concat(path.Select(segment => IsIndex(segment) ? $"[{segment}]" : "." + segment));
}
